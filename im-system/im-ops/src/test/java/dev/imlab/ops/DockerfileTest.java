package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root {@code Dockerfile}, which no test here can build (no Docker engine): it copies the jar the
 * build makes, sends nothing else as context, runs that jar as the user the Kubernetes manifests
 * require, from the folder whose {@code imlab-data} the manifests and the compose file mount.
 */
class DockerfileTest {
    private static final String DOCKERFILE = DeployFiles.read(DeployFiles.REPOSITORY.resolve("Dockerfile"));

    @Test
    void theImage_carriesTheJarTheBuildMakes_andTheContextIsThatJarAlone() {
        String jar = "im-system/im-server/target/imlab-server.jar";
        // im-server's finalName: the jar the build writes.
        assertThat(DeployFiles.read(DeployFiles.REPOSITORY.resolve("im-system/im-server/pom.xml")))
                .contains("<finalName>imlab-server</finalName>");
        assertThat(DOCKERFILE).containsPattern("(?m)^COPY " + Pattern.quote(jar) + " /imlab/imlab-server.jar$");
        assertThat(instruction("ENTRYPOINT")).contains("\"-jar\", \"/imlab/imlab-server.jar\"");
        assertThat(DeployFiles.read(DeployFiles.REPOSITORY.resolve(".dockerignore")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList()).containsExactly("*", "!" + jar);
    }

    @Test
    void theImage_runsAsTheManifestsUser_fromTheFolderTheyMountTheDataOf() {
        assertThat(instruction("USER")).isEqualTo("10001");
        assertThat(instruction("WORKDIR")).isEqualTo("/imlab");
        Map<String, Object> gateway = Yaml.documents(DeployFiles.KUBERNETES.resolve("gateway.yaml")).get(0);
        assertThat(Yaml.at(gateway, "spec.template.spec.securityContext.runAsUser")).isEqualTo(10001);
        List<Object> mounts = Yaml.listAt(Yaml.map(Yaml.listAt(gateway, "spec.template.spec.containers").get(0),
                "container"), "volumeMounts");
        // The server's data folder is ./imlab-data, relative to the working directory.
        String dataDir = String.valueOf(ServerProperties.get().bind(Map.of()).get("imlab.data-dir"))
                .replaceFirst("^\\./", "");
        assertThat(mounts).extracting(m -> Yaml.map(m, "mount").get("mountPath"))
                .contains(instruction("WORKDIR") + "/" + dataDir);
    }

    /** The argument of the last instruction of that name. */
    private static String instruction(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (.+)$").matcher(DOCKERFILE);
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        assertThat(last).as("a %s instruction in the Dockerfile", name).isNotNull();
        return last;
    }
}
