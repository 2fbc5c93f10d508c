/**
 * Checks of the operations files beside this module's sources (alert rules, dashboards, manifests,
 * load-balancer configuration), each runnable offline.
 */
package dev.imlab.ops;
