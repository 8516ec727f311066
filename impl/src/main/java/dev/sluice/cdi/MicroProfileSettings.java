package dev.sluice.cdi;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.sluice.config.KeySpecValidator;
import dev.sluice.config.PropertySource;
import dev.sluice.config.SluiceSettings;

/** Reads Sluice's settings from MicroProfile Config: properties files, system properties, environment. */
public final class MicroProfileSettings {

    private MicroProfileSettings() {
    }

    /**
     * Returns the property source of a MicroProfile {@link Config}. Limiters are found by the names of its
     * properties ({@code sluice.limiters.<name>.…}); every key of a limiter so found can then also be set in an
     * environment variable, such as {@code SLUICE_LIMITERS_SEARCH_LIMIT}, through Config's own name mapping.
     *
     * @param config the configuration
     * @return a source reading it
     */
    public static PropertySource source(Config config) {
        return PropertySource.of(key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
    }

    /**
     * Reads and validates the settings of the current application's MicroProfile Config.
     *
     * @return the settings
     * @throws dev.sluice.config.ConfigurationException listing every problem, if the configuration cannot work
     */
    public static SluiceSettings load() {
        return load(KeySpecValidator.nonBlank());
    }

    /**
     * Reads and validates the settings of the current application's MicroProfile Config, checking key resolver
     * specifications with a validator.
     *
     * @param keySpecValidator decides which key resolver specifications are usable
     * @return the settings
     * @throws dev.sluice.config.ConfigurationException listing every problem, if the configuration cannot work
     */
    public static SluiceSettings load(KeySpecValidator keySpecValidator) {
        return SluiceSettings.from(source(ConfigProvider.getConfig()), keySpecValidator);
    }
}
