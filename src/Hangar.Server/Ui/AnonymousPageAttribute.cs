namespace Hangar.Server.Ui;

/// <summary>Marks a page model that people open without signing in (the sign-in page itself).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AnonymousPageAttribute : Attribute;
