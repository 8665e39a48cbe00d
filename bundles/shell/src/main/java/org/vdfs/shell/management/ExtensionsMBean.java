package org.vdfs.shell.management;

import javax.management.MBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** The extensions, over JMX ({@code org.vdfs:type=extensions}), as Karaf offers its own services. */
public interface ExtensionsMBean {

    /** One row per extension: id, name, version, state, error, bundle, operations, jobs. */
    TabularData getExtensions() throws MBeanException;

    /** Installs (or upgrades) the package at a path or URL; returns the extension id. */
    String install(String location) throws MBeanException;

    void uninstall(String id) throws MBeanException;

    /** An extension's counters: host calls, failed host calls, invocations, traps, instances, memory, compiled. */
    CompositeData stats(String id) throws MBeanException;
}
