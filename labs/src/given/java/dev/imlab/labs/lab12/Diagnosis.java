package dev.imlab.labs.lab12;

import java.util.Objects;

/**
 * Your answer for one incident: the hop that holds the time, what makes it slow, and the fix,
 * which the lab's test applies to the server before it measures the hop again.
 *
 * <p>Write one with {@link #setting} when the cause is a setting (the fix is its new value) or
 * {@link #code} when it is in the code (the fix is a {@link Remedy}).
 *
 * @param hop where the time goes
 * @param cause what makes that hop slow
 * @param newValue for a setting: the value that fixes it, as {@code --property=value} would set it; else null
 * @param remedy for code: what the fix does; else null
 */
public record Diagnosis(Hop hop, Cause cause, String newValue, Remedy remedy) {

    public Diagnosis {
        Objects.requireNonNull(hop, "hop: which hop holds the time?");
        Objects.requireNonNull(cause, "cause: what makes it slow?");
        if (cause.isSetting() && (newValue == null || newValue.isBlank() || remedy != null)) {
            throw new IllegalArgumentException(cause + " is a setting: its fix is a new value "
                    + "(Diagnosis.setting(hop, cause, \"value\")), not " + (remedy != null ? remedy : "nothing"));
        }
        if (!cause.isSetting() && (remedy == null || newValue != null)) {
            throw new IllegalArgumentException(cause + " is in the code: its fix is a Remedy "
                    + "(Diagnosis.code(hop, cause, Remedy.X)), not " + (newValue != null ? "\"" + newValue + "\"" : "nothing"));
        }
    }

    /** The cause is a setting, and {@code newValue} fixes it. */
    public static Diagnosis setting(Hop hop, Cause cause, String newValue) {
        return new Diagnosis(hop, cause, newValue, null);
    }

    /** The cause is in the code, and {@code remedy} is what the fix does. */
    public static Diagnosis code(Hop hop, Cause cause, Remedy remedy) {
        return new Diagnosis(hop, cause, null, remedy);
    }

    /** The fix as the test applies it: {@code --property=value}, or the remedy's name. */
    public String fix() {
        return cause.isSetting() ? "--" + cause.property() + "=" + newValue.trim() : remedy.name();
    }
}
