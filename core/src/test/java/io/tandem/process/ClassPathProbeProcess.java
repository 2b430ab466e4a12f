package io.tandem.process;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.lang.management.ManagementFactory;

/** A user's process class as an embedding program has it: its backend reports what it sees and logs. */
public class ClassPathProbeProcess extends MessageProcess implements ProbeCommands
{
    public ClassPathProbeProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public String property(final String key)
    {
        return System.getProperty(key, "(unset)");
    }

    @Override
    public String jvmOptions()
    {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    @Override
    public String logAtEachLevel()
    {
        logger().trace("probe: trace");
        logger().debug("probe: debug");
        logger().info("probe: info");
        return "logged";
    }
}
