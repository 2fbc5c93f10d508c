package dev.imlab.ops;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.Method;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The Kubernetes API's schema of each kind the manifests use, as the official Java client's models carry
 * it: they are generated from the API's OpenAPI spec (client-java 24, Kubernetes 1.32), and each model's
 * {@code validateJsonElement} rejects a field the kind does not have and a required field that is
 * missing, all the way down; reading the object into the model then checks every value's type.
 */
final class KubernetesSchemas {
    /** The client's own JSON setup registers these adapters too; Gson cannot reach into java.time by itself. */
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(OffsetDateTime.class,
                    (JsonDeserializer<OffsetDateTime>) (json, type, context) -> OffsetDateTime.parse(json.getAsString()))
            .create();
    /** apiVersion/kind to model: what the manifests may contain. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Service", V1Service.class,
            "apps/v1/Deployment", V1Deployment.class,
            "apps/v1/StatefulSet", V1StatefulSet.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

    private KubernetesSchemas() {
    }

    /** Null when the object is valid for its kind, else what is wrong. */
    static String problem(Map<String, Object> object) {
        String type = object.get("apiVersion") + "/" + object.get("kind");
        Class<?> model = MODELS.get(type);
        if (model == null) {
            return "no schema here for " + type + " (known: " + MODELS.keySet() + ")";
        }
        JsonElement json = GSON.toJsonTree(object);
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            GSON.fromJson(json, model);
            return null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            return abbreviate(e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot validate with " + model, e);
        } catch (RuntimeException e) {
            return "a value of the wrong type: " + abbreviate(e.getMessage());
        }
    }

    /** The client's messages end with the whole object as JSON. */
    private static String abbreviate(String message) {
        return message == null || message.length() <= 400 ? message : message.substring(0, 400) + "...";
    }
}
