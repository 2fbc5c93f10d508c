package dev.imlab.labs.lab12;

/** What a fix to code does: the vocabulary of {@link Diagnosis#code}. */
public enum Remedy {
    /** Hand the blocking call to a thread pool of its own, or make it asynchronous, and go on at once. */
    OFFLOAD_THE_CALL,
    /** One call for many messages: reserve numbers in blocks, write in batches. */
    BATCH_THE_CALLS,
    /** Keep the answer in memory and ask again only when it may have changed. */
    CACHE_THE_RESULT,
    /** Give an ever-growing collection a bound, and evict. */
    BOUND_THE_COLLECTION,
    /** More threads for the same work. */
    ADD_THREADS
}
