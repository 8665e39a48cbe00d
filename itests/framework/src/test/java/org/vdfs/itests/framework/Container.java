package org.vdfs.itests.framework;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.store.VdfsStore;
import org.vdfs.api.operation.OperationRegistry;

/**
 * A real Felix framework running the VDFS bundles, as an embedding
 * application would: the API, Jackson and SLF4J come from the application's
 * class path (exported by the system bundle), everything else is a bundle.
 * Public for the benchmark program in {@code bench}.
 */
public final class Container implements AutoCloseable {

    public static final long CALL_DEADLINE_MS = 1_000;
    /** How long a job asked to stop may take before it is interrupted, in these tests. */
    public static final long JOB_GRACE_MS = 1_000;

    private static final String SYSTEM_PACKAGES = String.join(",",
            "org.vdfs.api.operation;version=1.2.0", "org.vdfs.api.guard;version=1.1.0",
            "org.vdfs.api.extension;version=1.1.0", "org.vdfs.api.job;version=1.1.0",
            "org.vdfs.api.store;version=1.4.0", "org.vdfs.api.ai;version=1.0.0",
            "com.fasterxml.jackson.core;version=2.22.4", "com.fasterxml.jackson.core.type;version=2.22.4",
            "com.fasterxml.jackson.databind;version=2.22.4", "com.fasterxml.jackson.databind.node;version=2.22.4",
            // the rest of Jackson, for the template engine inlined in vdfs-ai
            "com.fasterxml.jackson.annotation;version=2.22.0", "com.fasterxml.jackson.core.base;version=2.22.4",
            "com.fasterxml.jackson.core.exc;version=2.22.4", "com.fasterxml.jackson.core.format;version=2.22.4",
            "com.fasterxml.jackson.core.io;version=2.22.4", "com.fasterxml.jackson.core.json;version=2.22.4",
            "com.fasterxml.jackson.core.util;version=2.22.4", "com.fasterxml.jackson.databind.annotation;version=2.22.4",
            "com.fasterxml.jackson.databind.cfg;version=2.22.4", "com.fasterxml.jackson.databind.deser;version=2.22.4",
            "com.fasterxml.jackson.databind.deser.std;version=2.22.4",
            "com.fasterxml.jackson.databind.jsonFormatVisitors;version=2.22.4",
            "com.fasterxml.jackson.databind.jsontype;version=2.22.4", "com.fasterxml.jackson.databind.module;version=2.22.4",
            "com.fasterxml.jackson.databind.ser;version=2.22.4", "com.fasterxml.jackson.databind.ser.impl;version=2.22.4",
            "com.fasterxml.jackson.databind.ser.std;version=2.22.4", "com.fasterxml.jackson.databind.type;version=2.22.4",
            "com.fasterxml.jackson.databind.util;version=2.22.4",
            "org.slf4j;version=1.7.36", "org.osgi.service.cm;version=1.6.1", "org.osgi.service.event;version=1.4.1");

    private final Framework framework;

    private Container(Framework framework) {
        this.framework = framework;
    }

    /**
     * Starts a framework whose bundle cache and VDFS data live under {@code dir}.
     * Started again on the same folder, it finds its bundles and data as a restarted application would.
     */
    public static Container start(Path dir) throws Exception {
        return start(dir, CALL_DEADLINE_MS);
    }

    /** As {@link #start(Path)}, with another guest call deadline (e.g. for guests that run OCR). */
    public static Container start(Path dir, long callDeadlineMs) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES);
        config.put("vdfs.data", dir.resolve("data").toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(config);
        framework.start();
        Container c = new Container(framework);
        BundleContext ctx = framework.getBundleContext();
        if (ctx.getBundles().length == 1) { // a fresh cache: install the platform
            List<Bundle> installed = new ArrayList<>();
            for (String jar : System.getProperty("vdfs.test.bundles").split(",")) {
                installed.add(ctx.installBundle(new File(jar).toURI().toString()));
            }
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                    if (b.getSymbolicName().equals("org.apache.felix.configadmin")) {
                        c.configure("org.vdfs.guard", Map.of("call.deadline.ms", callDeadlineMs));
                        c.configure("org.vdfs.jobs", Map.of("interrupt.grace.ms", JOB_GRACE_MS,
                                "progress.event.interval.ms", 20L));
                    }
                }
            }
        }
        c.service(ExtensionRegistry.class); // the runtime is up
        return c;
    }

    /**
     * Installs and starts more bundles, by reference (Felix reads them in place
     * instead of copying them into its cache: the local AI bundle carries ~100 MB of models).
     */
    public List<Bundle> install(String... jars) throws Exception {
        List<Bundle> installed = new ArrayList<>();
        for (String jar : jars) {
            installed.add(context().installBundle("reference:" + new File(jar).toURI()));
        }
        for (Bundle b : installed) {
            b.start();
        }
        return installed;
    }

    public void configure(String pid, Map<String, Object> properties) throws Exception {
        ConfigurationAdmin cm = service(ConfigurationAdmin.class);
        Configuration configuration = cm.getConfiguration(pid, "?");
        Dictionary<String, Object> props = new Hashtable<>(properties);
        configuration.update(props);
    }

    /** Creates a factory configuration (e.g. an HTTP AI provider, {@code org.vdfs.ai.openai}). */
    public void configureFactory(String factoryPid, Map<String, Object> properties) throws Exception {
        Configuration configuration = service(ConfigurationAdmin.class).createFactoryConfiguration(factoryPid, "?");
        configuration.update(new Hashtable<>(properties));
    }

    /**
     * Configures the WASM runtime (PID {@code org.vdfs.wasm}) and waits until SCR
     * has re-activated it with the new configuration (its services come back with new ids).
     */
    public void configureRuntime(Map<String, Object> properties) throws Exception {
        long before = serviceId(ExtensionInstaller.class);
        configure("org.vdfs.wasm", properties);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (serviceId(ExtensionInstaller.class) == before || serviceId(ExtensionInstaller.class) < 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the WASM runtime did not re-activate with " + properties);
            }
            Thread.sleep(10);
        }
    }

    private long serviceId(Class<?> type) {
        ServiceReference<?> ref = context().getServiceReference(type);
        return ref == null ? -1 : (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    public <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(framework.getBundleContext(), type, null);
        tracker.open();
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(20));
        if (service == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " service after 20 s");
        }
        return service;
    }

    public OperationRegistry registry() throws InterruptedException {
        return service(OperationRegistry.class);
    }

    public ExtensionInstaller installer() throws InterruptedException {
        return service(ExtensionInstaller.class);
    }

    public ExtensionRegistry extensions() throws InterruptedException {
        return service(ExtensionRegistry.class);
    }

    public VdfsStore store() throws InterruptedException {
        return service(VdfsStore.class);
    }

    public JobManager jobs() throws InterruptedException {
        return service(JobManager.class);
    }

    public PermissionGuard guard() throws InterruptedException {
        return service(PermissionGuard.class);
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    public Bundle[] bundles() {
        return framework.getBundleContext().getBundles();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
    }
}
