using System.Text;

namespace Hangar.Worker;

/// <summary>
/// Splits a command line into words as a POSIX shell does (single and double quotes, backslash escapes), without
/// running a shell: no variables, globs or pipes, so nothing in robot.yaml is interpreted beyond the words.
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    inWord = true;
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("Unterminated single quote.");
                    }

                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    i = ReadDoubleQuoted(line, i + 1, word);
                    break;
                case '\\':
                    inWord = true;
                    if (i + 1 < line.Length)
                    {
                        // A backslash-newline joins lines; any other escaped character stands for itself.
                        if (line[i + 1] != '\n')
                        {
                            word.Append(line[i + 1]);
                        }

                        i++;
                    }

                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Inside double quotes a backslash escapes only <c>$ ` " \</c> and newline; returns the closing quote's index.</summary>
    private static int ReadDoubleQuoted(string line, int start, StringBuilder word)
    {
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < line.Length && line[i + 1] is '$' or '`' or '"' or '\\' or '\n')
            {
                if (line[i + 1] != '\n')
                {
                    word.Append(line[i + 1]);
                }

                i++;
                continue;
            }

            word.Append(c);
        }

        throw new FormatException("Unterminated double quote.");
    }
}
