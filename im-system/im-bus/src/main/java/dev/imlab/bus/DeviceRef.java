package dev.imlab.bus;

/** One device of one user. */
public record DeviceRef(String userId, String deviceId) {
}
