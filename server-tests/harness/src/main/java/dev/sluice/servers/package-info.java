/**
 * Test harness for the demo WARs on real servers: {@link dev.sluice.servers.ServerProcess} starts a server as a
 * child process on 127.0.0.1 and stops its whole process tree, also when a test fails or the JVM is ending;
 * {@link dev.sluice.servers.DemoContract} is the end-to-end test every server passes.
 */
package dev.sluice.servers;
