package dev.sluice.servers.wildfly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import dev.sluice.servers.Ports;
import dev.sluice.servers.ServerProcess;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * WildFly started from its unpacked distribution with {@code bin/standalone.sh} in the foreground, serving a WAR at
 * context root {@code /}, on 127.0.0.1 only.
 *
 * <p>Each start gets a server base directory of its own (configuration, deployments, data, logs), so the unpacked
 * distribution is never written to and runs never share state. Its configuration is the distribution's
 * {@code standalone.xml}, which holds MicroProfile Config, made lean and closed:
 * <ul>
 *   <li>the subsystems a REST application with CDI and MicroProfile Config does not use are removed (EJB, JPA, JSF,
 *       web services, batch, mail, data sources, transactions, clustering, remoting, JWT, OIDC, health, metrics):
 *       half the services and threads, a fifth less memory and a somewhat faster start;</li>
 *   <li>every socket binding but HTTP, HTTPS and the two management ones is removed, so that nothing can listen on a
 *       fixed port; those four, and both interfaces, are set on the command line to 127.0.0.1 and ports found free
 *       at run time.</li>
 * </ul>
 */
final class WildFly {

    /** The configuration file written into each server's base directory. */
    static final String CONFIGURATION = "standalone-sluice.xml";

    private static final String LOOPBACK = "127.0.0.1";

    /** Extensions left out of the lean configuration, each with the subsystems it defines. */
    private static final Map<String, List<String>> UNUSED_EXTENSIONS = unusedExtensions();

    /** The socket bindings the server keeps; their ports come from the command line. */
    private static final Set<String> KEPT_SOCKET_BINDINGS = Set.of("http", "https", "management-http",
            "management-https");

    private WildFly() {
    }

    /**
     * Starts WildFly with a WAR deployed at {@code /}, without waiting for it to be ready.
     *
     * @param name the server and its version, for the report
     * @param home the unpacked distribution ({@code JBOSS_HOME})
     * @param war the WAR, deployed as {@code ROOT.war}
     * @param workDir a directory for the servers' base directories; each start takes a new one below it
     * @param environment variables added to the server's environment
     * @return the started server, to be closed by the caller
     * @throws AssertionError when the server cannot be prepared or started
     */
    static ServerProcess start(String name, Path home, Path war, Path workDir, Map<String, String> environment) {
        List<Integer> ports = freePorts(4);
        int http = ports.get(0);
        Path base;
        try {
            Files.createDirectories(workDir);
            base = Files.createTempDirectory(workDir, "server-" + http + "-");
            copyConfiguration(home.resolve("standalone").resolve("configuration"), base.resolve("configuration"));
            Path deployments = Files.createDirectories(base.resolve("deployments"));
            Files.copy(war, deployments.resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("Cannot prepare the server's base directory under " + workDir + ": " + e, e);
        }
        Path scanned = base.resolve("deployments");
        List<String> command = List.of(
                "sh", home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", CONFIGURATION,
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=" + LOOPBACK,
                "-Djboss.bind.address.management=" + LOOPBACK,
                "-Djboss.http.port=" + http,
                "-Djboss.https.port=" + ports.get(1),
                "-Djboss.management.http.port=" + ports.get(2),
                "-Djboss.management.https.port=" + ports.get(3));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("JBOSS_HOME", home.toString());
        variables.put("JAVA_HOME", System.getProperty("java.home"));
        // What standalone.conf would set, with a JIT and a collector that start faster.
        variables.put("JAVA_OPTS", "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " -Djava.net.preferIPv4Stack=true -Djboss.modules.system.pkgs=org.jboss.byteman"
                + " -Djava.awt.headless=true");
        // Foreground: the JVM is the script's child, so stopping the process tree stops the server.
        variables.put("LAUNCH_JBOSS_IN_BACKGROUND", "");
        variables.put("JBOSS_PIDFILE", "");
        variables.put("GC_LOG", "false");
        variables.putAll(environment);
        return ServerProcess.builder(name)
                .command(command)
                .directory(base)
                .log(base.resolve("console.log"))
                .environment(variables)
                .httpPort(http)
                .otherPorts(ports.get(1), ports.get(2), ports.get(3))
                .deploymentFailure(() -> deploymentFailure(scanned))
                .start();
    }

    /**
     * The reason in the deployment scanner's {@code ROOT.war.failed} marker, once there is one, so that a
     * deployment that fails (a configuration Sluice refuses) fails the test at once rather than after the
     * readiness timeout.
     */
    private static Optional<String> deploymentFailure(Path deployments) {
        Path failed = deployments.resolve("ROOT.war.failed");
        if (!Files.exists(failed)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(failed, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.of("(" + failed + " cannot be read: " + e + ")");
        }
    }

    /** Copies the distribution's configuration directory and writes the lean configuration beside it. */
    private static void copyConfiguration(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path standalone = source.resolve("standalone.xml");
        try {
            Document document = parse(standalone);
            lean(document);
            TransformerFactory transformers = TransformerFactory.newInstance();
            transformers.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            transformers.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            transformers.newTransformer().transform(new DOMSource(document),
                    new StreamResult(target.resolve(CONFIGURATION).toFile()));
        } catch (ParserConfigurationException | SAXException | TransformerException e) {
            throw new IOException("Cannot derive " + CONFIGURATION + " from " + standalone + ": " + e, e);
        }
    }

    private static Document parse(Path file) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(file.toFile());
    }

    /**
     * Removes the unused extensions and their subsystems, what referred to them, and every socket binding that is
     * not kept.
     */
    static void lean(Document document) throws IOException {
        Set<String> unusedSubsystems = new LinkedHashSet<>();
        UNUSED_EXTENSIONS.values().forEach(unusedSubsystems::addAll);
        Set<String> removed = new LinkedHashSet<>();
        for (Element extension : children(document, "extensions", "extension")) {
            if (UNUSED_EXTENSIONS.containsKey(extension.getAttribute("module"))) {
                remove(extension);
                removed.add(extension.getAttribute("module"));
            }
        }
        for (Element subsystem : children(document, "profile", "subsystem")) {
            String name = subsystemName(subsystem.getNamespaceURI());
            if (unusedSubsystems.contains(name)) {
                remove(subsystem);
                removed.add(name);
            }
        }
        Set<String> missing = new LinkedHashSet<>(UNUSED_EXTENSIONS.keySet());
        missing.addAll(unusedSubsystems);
        missing.removeAll(removed);
        if (!missing.isEmpty()) {
            throw new IOException("standalone.xml no longer holds " + missing + ": update WildFly.UNUSED_EXTENSIONS");
        }
        // The naming subsystem's remote naming needs remoting; the default data source binding needs data sources.
        elements(document, "remote-naming").forEach(WildFly::remove);
        elements(document, "default-bindings").forEach(bindings -> bindings.removeAttribute("datasource"));
        for (Element binding : children(document, "socket-binding-group", "socket-binding")) {
            if (!KEPT_SOCKET_BINDINGS.contains(binding.getAttribute("name"))) {
                remove(binding);
            }
        }
        children(document, "socket-binding-group", "outbound-socket-binding").forEach(WildFly::remove);
    }

    /** The subsystem name in a namespace such as {@code urn:jboss:domain:ejb3:10.0} or {@code urn:wildfly:x:1.0}. */
    private static String subsystemName(String namespace) {
        if (namespace == null) {
            return "";
        }
        String[] parts = namespace.split(":");
        if (parts.length > 3 && "jboss".equals(parts[1]) && "domain".equals(parts[2])) {
            return parts[3];
        }
        return parts.length > 2 && "wildfly".equals(parts[1]) ? parts[2] : "";
    }

    private static List<Element> elements(Document document, String localName) {
        NodeList nodes = document.getElementsByTagNameNS("*", localName);
        List<Element> elements = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** The elements named {@code localName} whose parent is named {@code parentName}, in any namespace. */
    private static List<Element> children(Document document, String parentName, String localName) {
        List<Element> children = elements(document, localName);
        children.removeIf(child -> !parentName.equals(child.getParentNode().getLocalName()));
        return children;
    }

    private static void remove(Node node) {
        node.getParentNode().removeChild(node);
    }

    /** Distinct free loopback ports. */
    private static List<Integer> freePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(Ports.free());
        }
        return List.copyOf(ports);
    }

    private static Map<String, List<String>> unusedExtensions() {
        Map<String, List<String>> unused = new LinkedHashMap<>();
        unused.put("org.jboss.as.ejb3", List.of("ejb3"));
        unused.put("org.wildfly.extension.clustering.ejb", List.of("distributable-ejb"));
        unused.put("org.jboss.as.jpa", List.of("jpa"));
        unused.put("org.jboss.as.jsf", List.of("jsf"));
        unused.put("org.jboss.as.webservices", List.of("webservices"));
        unused.put("org.wildfly.extension.batch.jberet", List.of("batch-jberet"));
        unused.put("org.jboss.as.mail", List.of("mail"));
        unused.put("org.jboss.as.jdr", List.of("jdr"));
        unused.put("org.jboss.as.sar", List.of("sar"));
        unused.put("org.jboss.as.pojo", List.of("pojo"));
        unused.put("org.wildfly.extension.microprofile.jwt-smallrye", List.of("microprofile-jwt-smallrye"));
        unused.put("org.wildfly.extension.elytron-oidc-client", List.of("elytron-oidc-client"));
        unused.put("org.wildfly.extension.health", List.of("health"));
        unused.put("org.wildfly.extension.metrics", List.of("metrics"));
        unused.put("org.jboss.as.connector", List.of("datasources", "jca", "resource-adapters"));
        unused.put("org.jboss.as.remoting", List.of("remoting"));
        unused.put("org.wildfly.extension.discovery", List.of("discovery"));
        unused.put("org.jboss.as.clustering.infinispan", List.of("infinispan"));
        unused.put("org.wildfly.extension.clustering.web", List.of("distributable-web"));
        unused.put("org.jboss.as.transactions", List.of("transactions"));
        return Collections.unmodifiableMap(unused);
    }
}
