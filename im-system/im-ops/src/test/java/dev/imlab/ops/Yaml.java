package dev.imlab.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML documents as plain maps and lists, with anchors and merge keys ({@code <<: *imlab}) resolved as
 * Compose resolves them, and small typed accessors that fail with the path they were asked for.
 */
final class Yaml {
    private Yaml() {
    }

    static List<Map<String, Object>> documents(Path file) {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(DeployFiles.read(file))) {
            if (document != null) {
                documents.add(map(document, file.getFileName().toString()));
            }
        }
        return documents;
    }

    static Map<String, Object> document(Path file) {
        List<Map<String, Object>> documents = documents(file);
        if (documents.size() != 1) {
            throw new AssertionError(file + " holds " + documents.size() + " YAML documents, not one");
        }
        return documents.get(0);
    }

    /** The value at a dotted path of map keys ({@code spec.template.spec}), or null where a key is missing. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String path) {
        Object value = at(root, path);
        return value == null ? Map.of() : map(value, path);
    }

    static List<Object> listAt(Map<String, Object> root, String path) {
        Object value = at(root, path);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new AssertionError(path + " is not a list: " + value);
        }
        return new ArrayList<>(list);
    }

    static String stringAt(Map<String, Object> root, String path) {
        Object value = at(root, path);
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError(what + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }
}
