package dev.sluice.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one class logs through {@link System.Logger}, which the JDK routes to java.util.logging when no
 * other logging backend is installed (as in these tests). Close it to detach.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Starts capturing everything the logger of a class logs, DEBUG (FINE) included. */
    static CapturedLog of(Class<?> type) {
        return new CapturedLog(Logger.getLogger(type.getName()));
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Returns the messages logged at exactly this level, formatted. */
    List<String> messages(Level level) {
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
