using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hangar.Storage.Stores;

/// <summary>
/// One table a run start writes, as the EF model maps it: its columns, each with the model's own type mapping, so a
/// plain INSERT stores every value exactly as <c>SaveChanges</c> would (enums as text, times as UTC ticks on SQLite,
/// PostgreSQL's parameter types), and a column added to the model is written without touching this code.
/// </summary>
internal sealed class RunStartTable
{
    private readonly Column[] _columns;
    private readonly bool _positional;

    private RunStartTable(string name, Column[] columns, bool positional)
    {
        Name = name;
        _columns = columns;
        _positional = positional;
    }

    public string Name { get; }

    public int ColumnCount => _columns.Length;

    /// <summary>Reads the mapping of <typeparamref name="T"/>; <paramref name="positional"/>: Npgsql's <c>$1</c> parameters, which it sends without rewriting the SQL.</summary>
    public static RunStartTable For<T>(IModel model, bool positional)
    {
        var type = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = type.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = type.GetProperties().Select(p =>
        {
            // A shadow property, or a value the database makes, would need the change tracker: such a model change must
            // show here at once rather than as a column left empty.
            if (p.PropertyInfo is null || p.ValueGenerated != ValueGenerated.Never)
            {
                throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} cannot be written as a plain INSERT.");
            }

            return new Column(p.GetColumnName(store) ?? p.Name, Getter<T>(p.PropertyInfo), p.GetRelationalTypeMapping(), p.IsNullable);
        }).ToArray();
        return new RunStartTable(table, columns, positional);
    }

    /// <summary>A statement inserting <paramref name="rows"/> rows; parameters are added per row by <see cref="AddRow"/>.</summary>
    public string InsertSql(int rows)
    {
        var sql = new StringBuilder(64 + (rows * _columns.Length * 6));
        sql.Append("INSERT INTO \"").Append(Name).Append("\" (");
        for (var c = 0; c < _columns.Length; c++)
        {
            sql.Append(c == 0 ? "\"" : ", \"").Append(_columns[c].Name).Append('"');
        }

        sql.Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                var index = (r * _columns.Length) + c;
                sql.Append(c == 0 ? string.Empty : ", ").Append(_positional ? "$" : "@p").Append(
                    (_positional ? index + 1 : index).ToString(CultureInfo.InvariantCulture));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    /// <summary>
    /// Adds one row's parameters to <paramref name="parameters"/>, after those of the rows before it in the statement;
    /// <paramref name="factory"/> makes them (a command of the connection: a batch's commands take parameters made so).
    /// </summary>
    public void AddRow(DbCommand factory, DbParameterCollection parameters, object entity)
    {
        var first = parameters.Count;
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
            var name = _positional ? string.Empty : "@p" + (first + c).ToString(CultureInfo.InvariantCulture);
            // As SaveChanges makes its parameters: the mapping converts the value and sets the provider's type.
            parameters.Add(column.Mapping.CreateParameter(factory, name, column.Get(entity), column.Nullable));
        }
    }

    /// <summary>How many rows fit one statement: PostgreSQL takes at most 65,535 parameters.</summary>
    public int RowsPerStatement(int limit) => Math.Max(1, Math.Min(limit, 30_000 / _columns.Length));

    private static Func<object, object?> Getter<T>(System.Reflection.PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var body = Expression.Convert(Expression.Property(Expression.Convert(entity, typeof(T)), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, entity).Compile();
    }

    private sealed record Column(string Name, Func<object, object?> Get, RelationalTypeMapping Mapping, bool Nullable);
}
