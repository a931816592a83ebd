using System.Text;

namespace Hangar.Worker.Tests;

public class LineReaderTests
{
    private static async Task<List<string>> ReadAsync(byte[] bytes)
    {
        var lines = new List<string>();
        await LineReader.ReadAsync(new MemoryStream(bytes), lines.Add, CancellationToken.None);
        return lines;
    }

    [Fact]
    public async Task Lines_AreSplitOnNewlines_WithCarriageReturnsDropped_AndTheLastLineKept()
    {
        Assert.Equal(["one", "two", "", "three"], await ReadAsync(Encoding.UTF8.GetBytes("one\r\ntwo\n\nthree")));
    }

    [Fact]
    public async Task BinaryAndNul_BecomeReplacementCharacters()
    {
        var lines = await ReadAsync([0x61, 0x00, 0xFF, 0x62, (byte)'\n']);
        Assert.Equal("a\uFFFD\uFFFDb", Assert.Single(lines));
    }

    [Fact]
    public async Task HugeLine_IsCutIntoBoundedPieces_WithNothingLost()
    {
        var text = new string('x', LineReader.MaxLineBytes * 3 + 10);
        var lines = await ReadAsync(Encoding.UTF8.GetBytes(text + "\n"));
        Assert.All(lines, l => Assert.True(l.Length <= LineReader.MaxLineBytes));
        Assert.Equal(text, string.Concat(lines));
    }
}
