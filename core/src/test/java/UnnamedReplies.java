/** Typed replies of {@link UnnamedPackageMain.Worker}, in the unnamed package. */
public interface UnnamedReplies
{
    void done(long seq);
}
