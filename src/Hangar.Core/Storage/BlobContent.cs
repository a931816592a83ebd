namespace Hangar.Core.Storage;

/// <summary>An open blob: its content stream (not necessarily seekable) and its size, known before reading.</summary>
public sealed class BlobContent(Stream content, long size) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public long Size { get; } = size;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
