/** Commands of {@link UnnamedPackageMain.Worker}, in the unnamed package as a quick test program's would be. */
public interface UnnamedCommands
{
    void work(long seq);
}
