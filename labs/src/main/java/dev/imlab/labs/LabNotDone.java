package dev.imlab.labs;

/**
 * What every method a lab asks you to write throws until you write it. Its message names the
 * lab, the file to edit and the guide with the hints.
 *
 * <p>It is an {@link Error} on purpose, not an exception: the labs' code and tests catch
 * {@code Exception} where real IM code does (a retry loop, a failed future, a consumer that
 * rewinds), and an empty method must never pass for a handled failure there. Do not catch it;
 * replace the {@code throw} with your code.
 */
public final class LabNotDone extends Error {

    /**
     * @param type the class to edit; it lives in the lab's package, {@code dev.imlab.labs.labNN}
     * @param member the method or constructor to write, as the message should name it
     */
    public LabNotDone(Class<?> type, String member) {
        super(message(type, member));
    }

    static String message(Class<?> type, String member) {
        Class<?> file = type;
        while (file.getEnclosingClass() != null) {
            file = file.getEnclosingClass();
        }
        String pkg = file.getPackageName();
        String lab = pkg.substring(pkg.lastIndexOf('.') + 1);
        return lab + " is not done yet: implement " + type.getSimpleName() + "." + member
                + " in labs/src/main/java/" + file.getName().replace('.', '/') + ".java"
                + " - guide and hints: labs/guides/" + lab + ".adoc";
    }
}
