#!/usr/bin/env bash
# Cultivate.app → a signed, notarised, stapled Cultivate-<version>-macos.dmg.
# Run on macOS after `python packaging/build.py` (release.yml does both).
#
# Secrets (GitHub repository secrets, read from the environment here):
#   MACOS_CERTIFICATE            base64 of the "Developer ID Application" certificate (.p12)
#   MACOS_CERTIFICATE_PASSWORD   the .p12's password
#   MACOS_SIGNING_IDENTITY       e.g. "Developer ID Application: Lakeside Schools (AB12CD34EF)"
#   APPLE_ID                     the Apple ID that notarises (an account in the team)
#   APPLE_TEAM_ID                the 10-character team id
#   APPLE_APP_PASSWORD           an app-specific password for APPLE_ID (appleid.apple.com)
# Without MACOS_SIGNING_IDENTITY the .dmg is built unsigned (for trying out only:
# Gatekeeper will refuse to open it on another Mac).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$(python3 -c "import desktop; print(desktop.__version__)")
APP=dist/Cultivate.app
DMG=dist/Cultivate-$VERSION-macos-$(uname -m).dmg
IDENTITY=${MACOS_SIGNING_IDENTITY:-}

if [[ -n "$IDENTITY" ]]; then
    # 1. The certificate into a temporary keychain that only this job uses.
    KEYCHAIN=$RUNNER_TEMP/cultivate-signing.keychain-db
    KEYCHAIN_PASSWORD=$(openssl rand -base64 24)
    echo "$MACOS_CERTIFICATE" | base64 --decode > "$RUNNER_TEMP/certificate.p12"
    security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    security set-keychain-settings -lut 21600 "$KEYCHAIN"
    security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    security import "$RUNNER_TEMP/certificate.p12" -P "$MACOS_CERTIFICATE_PASSWORD" \
        -A -t cert -f pkcs12 -k "$KEYCHAIN"
    security set-key-partition-list -S apple-tool:,apple: -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
    rm "$RUNNER_TEMP/certificate.p12"

    # 2. PyInstaller signed each binary (CULTIVATE_CODESIGN_IDENTITY); sign the .app
    #    itself with the hardened runtime, which notarisation requires.
    codesign --force --options runtime --timestamp \
        --entitlements packaging/macos/entitlements.plist --sign "$IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
fi

# 3. The disk image: the app and a link to /Applications to drag it onto.
STAGE=$(mktemp -d)
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Cultivate $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO "$DMG"
rm -rf "$STAGE"

if [[ -n "$IDENTITY" ]]; then
    codesign --force --timestamp --sign "$IDENTITY" "$DMG"
    # 4. Notarise (Apple scans it; several minutes) and staple the ticket, so the first
    #    start works offline too.
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose "$DMG"
fi
echo "$DMG"
