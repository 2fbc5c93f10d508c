/**
 * The machinery around the labs' tests, shared with the solutions module (which compiles these
 * sources): {@link dev.imlab.labs.support.LabProgressListener} records every test's outcome and
 * prints the progress table; {@link dev.imlab.labs.support.StubProof} is the check behind
 * {@code ./mvnw verify -Dimlab.labs.prove}, that every lab test fails against the untouched stubs.
 * A lab's tests only need a {@code @Tag("labNN")} on each test class to take part in both.
 */
package dev.imlab.labs.support;
