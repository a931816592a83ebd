namespace Hangar.Server.Smtp;

/// <summary>How many SMTP sessions a node holds at once (each may buffer up to the message size limit).</summary>
internal sealed class SmtpSessionLimit(int max)
{
    private int _open;

    public int Max => max;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _open);
}
