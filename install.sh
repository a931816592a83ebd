#!/usr/bin/env bash
# Installs hangar from this repository for the current user, as a .NET global tool: ~/.dotnet/tools/hangar.
# Needs the .NET 10 SDK. Run it again to replace the installed hangar with this checkout's.
set -euo pipefail
cd "$(dirname "$0")"

feed="$(mktemp -d)"
trap 'rm -rf "$feed"' EXIT

echo "Packing src/Hangar.Cli (Release)..."
dotnet pack src/Hangar.Cli -c Release -o "$feed/packages" -nologo -v:q -clp:NoSummary

# Only this package's folder as a source: no registry is asked, and no other package named hangar can be picked.
cat > "$feed/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="hangar" value="$feed/packages" />
  </packageSources>
</configuration>
CONFIG

if dotnet tool list --global | grep -q '^hangar '; then
  dotnet tool uninstall --global hangar >/dev/null
fi
dotnet tool install --global hangar --configfile "$feed/nuget.config"

tools="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
"$tools/hangar" --version
case ":$PATH:" in
  *":$tools:"*) echo "Run: hangar --help" ;;
  *)
    echo
    echo "$tools is not on your PATH. Add it (then open a new terminal):"
    echo "  echo 'export PATH=\"\$PATH:$tools\"' >> ~/.bashrc"
    echo "Until then, run it as $tools/hangar"
    ;;
esac
