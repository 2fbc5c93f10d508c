/**
 * The server's seams for replaceable parts ({@code RoleParts}), on the wire: each test starts a
 * server with a substitute bean, a thin counting wrapper around the role's own part or a small
 * part of its own, and shows that real traffic went through it. The labs' {@code LabNNServer}
 * classes plug the learners' code in through the same seams; these tests keep the seams from
 * rotting silently (a bean that is no longer taken would leave its counter at zero).
 */
package dev.imlab.server.parts;
