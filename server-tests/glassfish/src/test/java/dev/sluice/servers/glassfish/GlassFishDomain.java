package dev.sluice.servers.glassfish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import dev.sluice.servers.Ports;
import dev.sluice.servers.ServerProcess;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A GlassFish domain of its own for one start, copied from the distribution's {@code domain1} and rewritten so that
 * nothing listens beyond 127.0.0.1 or on a fixed port: HTTP and administration on free loopback ports, HTTPS, IIOP
 * and JMX disabled (and moved to free loopback ports all the same), and no JMS broker or its lazy listener (which
 * binds every interface for {@code localhost}). The WAR goes into the domain's autodeploy directory, so the domain
 * deploys it at {@value #CONTEXT_PATH} once started; the server runs in the foreground ({@code start-domain
 * --verbose}) as a child of the test JVM and stops on a signal.
 */
final class GlassFishDomain {

    /** The context root autodeploy gives the WAR: its file name without {@code .war}. */
    static final String CONTEXT_PATH = "/sluice-demo";

    private static final String DOMAIN = "domain1";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String SERVER_CONFIG = "/domain/configs/config[@name='server-config']";

    private GlassFishDomain() {
    }

    /**
     * Creates a domain, puts the WAR into its autodeploy directory and starts it, without waiting for it to be
     * ready.
     *
     * @param name the server and its version, for the report
     * @param home the unpacked distribution, the {@code glassfish7} directory
     * @param war the WAR, deployed at {@value #CONTEXT_PATH}
     * @param workDir a directory for the domains; each start takes a new one below it
     * @param environment variables added to the server's environment
     * @return the started server, to be closed by the caller
     * @throws AssertionError when the domain cannot be prepared or the server cannot be started
     */
    static ServerProcess start(String name, Path home, Path war, Path workDir, Map<String, String> environment) {
        Path template = home.resolve("glassfish/domains").resolve(DOMAIN);
        Path cli = home.resolve("glassfish/lib/client/appserver-cli.jar");
        if (!Files.isRegularFile(template.resolve("config/domain.xml")) || !Files.isRegularFile(cli)) {
            throw new AssertionError("No GlassFish distribution at " + home + " (expected " + template
                    + "/config/domain.xml and " + cli + "): the pre-integration-test phase unpacks "
                    + "org.glassfish.main.distributions:glassfish:zip there");
        }
        ListenerPorts ports = ListenerPorts.free();
        Path domains;
        try {
            Files.createDirectories(workDir);
            domains = Files.createTempDirectory(workDir, "domains-" + ports.http() + "-");
            Path domain = domains.resolve(DOMAIN);
            copy(template, domain);
            rewrite(domain.resolve("config/domain.xml"), ports);
            Files.copy(war, domain.resolve("autodeploy").resolve("sluice-demo.war"));
        } catch (IOException | UncheckedIOException e) {
            throw new AssertionError("Cannot prepare a GlassFish domain under " + workDir + ": " + e, e);
        }
        // the launcher runs the domain on its own Java: the test's
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // asadmin keeps its files (trust store, login) under the user's home: keep them in the domain's
                "-Duser.home=" + domains,
                "-jar", cli.toString(),
                "start-domain", "--verbose", "--domaindir", domains.toString(), DOMAIN);
        return ServerProcess.builder(name)
                .command(command)
                .directory(domains)
                .log(domains.resolve("server.log"))
                .environment(environment)
                .httpPort(ports.http())
                .otherPorts(ports.others())
                .contextPath(CONTEXT_PATH)
                .start();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void rewrite(Path domainXml, ListenerPorts ports) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(domainXml.toFile());
            Element config = one(document, SERVER_CONFIG);

            listen(one(config, "network-config/network-listeners/network-listener[@name='http-listener-1']"),
                    ports.http(), true);
            listen(one(config, "network-config/network-listeners/network-listener[@name='admin-listener']"),
                    ports.admin(), true);
            listen(one(config, "network-config/network-listeners/network-listener[@name='http-listener-2']"),
                    ports.https(), false);
            // the virtual server no longer names the disabled HTTPS listener, which it would otherwise log as an error
            one(config, "http-service/virtual-server[@id='server']").setAttribute("network-listeners",
                    "http-listener-1");
            listen(one(config, "iiop-service/iiop-listener[@id='orb-listener-1']"), ports.iiop(), false);
            listen(one(config, "iiop-service/iiop-listener[@id='SSL']"), ports.iiopSsl(), false);
            listen(one(config, "iiop-service/iiop-listener[@id='SSL_MUTUALAUTH']"), ports.iiopMutualAuth(), false);
            listen(one(config, "admin-service/jmx-connector[@name='system']"), ports.jmx(), false);

            // REMOTE: the domain starts no broker and opens no lazy listener for one; nothing here uses JMS
            one(config, "system-property[@name='JMS_PROVIDER_PORT']").setAttribute("value",
                    Integer.toString(ports.jms()));
            Element jms = document.createElement("jms-service");
            jms.setAttribute("type", "REMOTE");
            jms.setAttribute("default-jms-host", "default_JMS_host");
            Element jmsHost = document.createElement("jms-host");
            jmsHost.setAttribute("name", "default_JMS_host");
            jmsHost.setAttribute("host", LOOPBACK);
            jmsHost.setAttribute("port", "${JMS_PROVIDER_PORT}");
            jmsHost.setAttribute("lazy-init", "true");
            jms.appendChild(jmsHost);
            config.appendChild(jms);

            Element javaConfig = one(config, "java-config");
            javaConfig.setAttribute("debug-options", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address="
                    + LOOPBACK + ":" + ports.debug());
            one(javaConfig, "jvm-options[starts-with(., '-Dosgi.shell.telnet.port=')]")
                    .setTextContent("-Dosgi.shell.telnet.port=" + ports.osgiShell());

            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(domainXml.toFile()));
        } catch (ParserConfigurationException | SAXException | XPathExpressionException | TransformerException e) {
            throw new IOException("Cannot rewrite " + domainXml + ": " + e.getMessage(), e);
        }
    }

    private static void listen(Element listener, int port, boolean enabled) {
        listener.setAttribute("address", LOOPBACK);
        listener.setAttribute("port", Integer.toString(port));
        listener.setAttribute("enabled", Boolean.toString(enabled));
    }

    private static Element one(Object context, String path) throws XPathExpressionException {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(path, context,
                XPathConstants.NODESET);
        if (nodes.getLength() != 1) {
            throw new XPathExpressionException("expected one element at " + path + ", found " + nodes.getLength()
                    + " (has the distribution's domain.xml changed?)");
        }
        return (Element) nodes.item(0);
    }

    /** A distinct free loopback port for each listener a GlassFish domain has. */
    private record ListenerPorts(int http, int admin, int https, int iiop, int iiopSsl, int iiopMutualAuth, int jmx,
            int jms, int osgiShell, int debug) {

        static ListenerPorts free() {
            Set<Integer> ports = new LinkedHashSet<>();
            while (ports.size() < 10) {
                ports.add(Ports.free());
            }
            int[] p = ports.stream().mapToInt(Integer::intValue).toArray();
            return new ListenerPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        }

        /** Every port but the HTTP one, checked to be free before the start. */
        int[] others() {
            return new int[] {admin, https, iiop, iiopSsl, iiopMutualAuth, jmx, jms, osgiShell, debug};
        }
    }
}
