package org.vdfs.shell.management;

import javax.management.DynamicMBean;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionStats;
import org.vdfs.deploy.packages.LocalPackage;

/**
 * Registered as a service with {@code jmx.objectname}: Karaf's JMX whiteboard puts
 * it into the platform MBean server, under its RBAC like Karaf's own MBeans.
 */
@Component(service = { ExtensionsMBean.class, DynamicMBean.class },
        property = "jmx.objectname=" + ExtensionsMBeanImpl.OBJECT_NAME)
public class ExtensionsMBeanImpl extends StandardMBean implements ExtensionsMBean {

    static final String OBJECT_NAME = "org.vdfs:type=extensions";

    private static final String[] ROW = { "id", "name", "version", "state", "error", "bundle", "operations", "jobs" };
    private static final String[] STATS = { "host_calls", "failed_host_calls", "invocations", "traps", "instances",
            "memory_bytes", "compiled" };
    private static final CompositeType ROW_TYPE;
    private static final TabularType TABLE_TYPE;
    private static final CompositeType STATS_TYPE;

    static {
        try {
            ROW_TYPE = new CompositeType("Extension", "An installed extension", ROW, ROW,
                    new OpenType<?>[] { SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                            SimpleType.STRING, SimpleType.LONG, SimpleType.INTEGER, SimpleType.INTEGER });
            TABLE_TYPE = new TabularType("Extensions", "Installed extensions", ROW_TYPE, new String[] { "id", "bundle" });
            STATS_TYPE = new CompositeType("ExtensionStats", "Counters since the extension started", STATS, STATS,
                    new OpenType<?>[] { SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
                            SimpleType.INTEGER, SimpleType.LONG, SimpleType.BOOLEAN });
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Reference
    ExtensionRegistry extensions;
    @Reference
    ExtensionInstaller installer;

    public ExtensionsMBeanImpl() throws NotCompliantMBeanException {
        super(ExtensionsMBean.class);
    }

    @Override
    public TabularData getExtensions() throws MBeanException {
        TabularDataSupport table = new TabularDataSupport(TABLE_TYPE);
        try {
            for (ExtensionInfo e : extensions.list()) {
                table.put(new CompositeDataSupport(ROW_TYPE, ROW, new Object[] { e.id(), e.manifest().name(),
                        e.manifest().version(), e.state().name().toLowerCase(), e.error(), e.bundleId(),
                        e.operations().size(), e.jobs().size() }));
            }
        } catch (OpenDataException e) {
            throw failed(e);
        }
        return table;
    }

    @Override
    public String install(String location) throws MBeanException {
        try (LocalPackage pkg = LocalPackage.open(location)) {
            return installer.install(pkg.path()).id();
        } catch (Exception e) {
            throw failed(e);
        }
    }

    @Override
    public void uninstall(String id) throws MBeanException {
        try {
            installer.uninstall(id);
        } catch (Exception e) {
            throw failed(e);
        }
    }

    @Override
    public CompositeData stats(String id) throws MBeanException {
        ExtensionInfo info = extensions.find(id).orElseThrow(() -> failed(
                new IllegalArgumentException("no extension `" + id + "` is installed")));
        ExtensionStats s = info.stats();
        try {
            return new CompositeDataSupport(STATS_TYPE, STATS, new Object[] { s.hostCalls(), s.failedHostCalls(),
                    s.invocations(), s.traps(), s.instances(), s.memoryBytes(), s.compiled() });
        } catch (OpenDataException e) {
            throw failed(e);
        }
    }

    /** JMX clients lack our classes: pass the message on, not the exception. */
    private static MBeanException failed(Exception e) {
        return new MBeanException(null, e.getMessage());
    }
}
