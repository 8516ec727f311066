package dev.sluice.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one logger records: a class's {@link System.Logger}, which the JDK routes to java.util.logging when
 * no other logging backend is installed (as in these tests), or a java.util.logging logger such as a server's.
 * Close it to detach.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger, boolean everything) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        if (everything) {
            logger.setLevel(Level.ALL);
        }
        logger.addHandler(this);
    }

    /**
     * Starts capturing everything the logger of a class logs, DEBUG (FINE) included.
     *
     * @param type the class whose logger to capture
     * @return the capture, to be closed
     */
    public static CapturedLog of(Class<?> type) {
        return of(type.getName());
    }

    /**
     * Starts capturing everything a named logger logs, DEBUG (FINE) included.
     *
     * @param loggerName the logger's name, such as a package's
     * @return the capture, to be closed
     */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(Logger.getLogger(loggerName), true);
    }

    /**
     * Starts capturing what a named logger logs at the level it is configured for (INFO and above by default).
     *
     * @param loggerName the logger's name, such as a class's
     * @return the capture, to be closed
     */
    public static CapturedLog atConfiguredLevel(String loggerName) {
        return new CapturedLog(Logger.getLogger(loggerName), false);
    }

    /**
     * Returns everything captured so far, in order.
     *
     * @return the records, a snapshot
     */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /**
     * Returns the messages logged at exactly this level, unformatted.
     *
     * @param level the level
     * @return the messages
     */
    public List<String> messages(Level level) {
        return records.stream().filter(record -> record.getLevel().equals(level)).map(LogRecord::getMessage)
                .toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
