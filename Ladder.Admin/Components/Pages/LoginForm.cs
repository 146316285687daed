using System.ComponentModel.DataAnnotations;

namespace Ladder.Admin.Components.Pages;

/// <summary>The sign-in form's fields (mutable: form binding sets them).</summary>
public sealed class LoginForm
{
    [Required, StringLength(64)]
    public string UserName { get; set; } = "";

    [Required, StringLength(256)]
    public string Password { get; set; } = "";
}
