package org.vdfs.guard.internal;

import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An operator's narrowing of one extension's entry scope: a factory configuration
 * {@code org.vdfs.guard.scope} per extension (docs/configuration.md). The guard tracks
 * these services; the extension then sees only entries inside the folders.
 */
@Component(service = OperatorScope.class, configurationPid = OperatorScope.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OperatorScope.Config.class, factory = true)
public class OperatorScope {

    static final String PID = "org.vdfs.guard.scope";

    @ObjectClassDefinition(name = "VDFS extension scope",
            description = "Limits one extension to entries inside some folders")
    @interface Config {

        @AttributeDefinition(name = "extension.id", description = "The extension this scope limits")
        String extension_id();

        @AttributeDefinition(description = "Absolute folders (as locations spell their real paths); "
                + "the extension sees only entries inside one of them. None: it sees no entry at all")
        String[] folders() default {};
    }

    private String extensionId;
    private List<String> folders;

    public OperatorScope() {
    }

    /** For tests: a scope as a configuration would give it. */
    OperatorScope(String extensionId, List<String> folders) {
        this.extensionId = extensionId;
        this.folders = List.copyOf(folders);
    }

    @Activate
    void activate(Config config) {
        extensionId = config.extension_id() == null ? "" : config.extension_id().trim();
        folders = Arrays.stream(config.folders()).map(String::trim).filter(f -> !f.isEmpty()).toList();
    }

    String extensionId() {
        return extensionId;
    }

    List<String> folders() {
        return folders;
    }
}
