namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The email trigger's end-to-end pieces, in plain Python: a robot that reads its email item through the routes
/// robocorp-workitems calls, and a sender that mails with smtplib.
/// </summary>
internal static class EmailRobot
{
    /// <summary>
    /// Reads the input item's payload and checks it as robocorp-workitems' <c>item.email()</c> does (the keys its
    /// parser requires, the date through <c>datetime.fromisoformat</c>), then downloads every file through its signed
    /// URL and prints them, and releases the item done.
    /// </summary>
    public const string Script = """
        import json, os, urllib.request
        from datetime import datetime

        env = os.environ
        ws = env["RC_WORKSPACE_ID"]
        P = env["RC_API_PROCESS_HOST"].rstrip("/") + "/process-v1/workspaces/%s/processes/%s/" % (ws, env["RC_PROCESS_ID"])
        W = env["RC_API_WORKITEM_HOST"].rstrip("/") + "/json-v1/workspaces/%s/workitems/" % ws
        RUN = P + "runs/%s/robotRuns/%s/" % (env["RC_PROCESS_RUN_ID"], env["RC_ACTIVITY_RUN_ID"])

        def call(method, url, token=None, body=None):
            request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method)
            if token:
                request.add_header("Authorization", "Bearer " + token)
            request.add_header("Content-Type", "application/json")
            with urllib.request.urlopen(request) as response:
                return response.read()

        item = env["RC_WORKITEM_ID"]
        payload = json.loads(call("GET", W + item + "/data", env["RC_API_WORKITEM_TOKEN"]))
        email = payload["email"]
        for key in ("from", "to", "cc", "bcc", "replyTo", "subject", "date"):
            email[key]
        assert not email["errors"], email["errors"]
        sent = datetime.fromisoformat(email["date"])
        print("email from %s <%s> to %s: %s (%s)" % (email["from"]["name"], email["from"]["address"], email["to"][0]["address"], email["subject"], sent.year))
        print("text: %s" % email["text"].strip())
        files = json.loads(call("GET", W + item + "/files", env["RC_API_WORKITEM_TOKEN"]))
        for f in sorted(files, key=lambda f: f["fileName"]):
            link = json.loads(call("GET", W + item + "/files/" + f["fileId"], env["RC_API_WORKITEM_TOKEN"]))["url"]
            with urllib.request.urlopen(link) as response:
                content = response.read()
            if f["fileName"] == "__raw_mail":
                print("raw message: %d bytes" % len(content))
            else:
                print("file %s: %s" % (f["fileName"], content.decode("utf-8").replace("\r\n", "|").replace("\n", "|").strip("|")))
        call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"], {"workItemId": item, "state": "COMPLETED"})
        print("done")
        """;

    /// <summary>Mails <c>argv[3]</c> through the SMTP server at <c>argv[1]:argv[2]</c>: text, HTML and two attachments.</summary>
    public const string Sender = """
        import smtplib, sys
        from email.message import EmailMessage

        message = EmailMessage()
        message["From"] = "Alice Example <alice@example.com>"
        message["To"] = sys.argv[3]
        message["Subject"] = "Invoices for March"
        message.set_content("Two invoices attached.")
        message.add_alternative("<p>Two <b>invoices</b> attached.</p>", subtype="html")
        message.add_attachment(b"%PDF-1.4 first invoice", maintype="application", subtype="pdf", filename="first.pdf")
        message.add_attachment("customer,amount\nACME,42\n", filename="second.csv")
        with smtplib.SMTP(sys.argv[1], int(sys.argv[2]), timeout=30) as smtp:
            refused = smtp.send_message(message)
        print("sent, refused: %s" % refused)
        """;

    /// <summary>The message <see cref="Sender"/> sends, built with MimeKit, with a Message-ID so that a second delivery is known as such.</summary>
    public static MimeKit.MimeMessage MailKitMessage(string to)
    {
        var message = new MimeKit.MimeMessage();
        message.From.Add(new MimeKit.MailboxAddress("Alice Example", "alice@example.com"));
        message.To.Add(MimeKit.MailboxAddress.Parse(to));
        message.Subject = "Invoices for March";
        message.MessageId = $"{Guid.NewGuid():N}@example.com";
        var body = new MimeKit.BodyBuilder { TextBody = "Two invoices attached.\n", HtmlBody = "<p>Two <b>invoices</b> attached.</p>" };
        body.Attachments.Add("first.pdf", "%PDF-1.4 first invoice"u8.ToArray(), new MimeKit.ContentType("application", "pdf"));
        body.Attachments.Add("second.csv", "customer,amount\nACME,42\n"u8.ToArray(), new MimeKit.ContentType("text", "csv"));
        message.Body = body.ToMessageBody();
        return message;
    }

    public const string Yaml = """
        tasks:
          Main:
            shell: python3 robot.py
        artifactsDir: output
        """;
}
