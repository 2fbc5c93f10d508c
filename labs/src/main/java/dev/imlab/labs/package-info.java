/**
 * The labs: build the core mechanisms of an IM system yourself, one numbered lab per package
 * ({@code lab01}, {@code lab02}, ...), each answering a classic interview question, until its tests
 * pass; a finished lab plugs into the real system where an interface allows it.
 *
 * <p>{@code ./mvnw test -pl labs} runs every lab's tests and ends with a progress table and the next
 * command to run; {@code ./mvnw test -pl labs -Dgroups=lab02} runs one lab. Every method you are to
 * write throws {@link dev.imlab.labs.LabNotDone}, whose message names the lab, the file and the
 * guide ({@code labs/guides/labNN.adoc}).
 */
package dev.imlab.labs;
