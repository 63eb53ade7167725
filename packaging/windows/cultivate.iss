; Cultivate's Windows installer (Inno Setup 6). Built by .github/workflows/release.yml:
;
;   python packaging\build.py                      (dist\Cultivate\, signed .exe files)
;   python packaging\icons.py --ico build\cultivate.ico
;   iscc /DAppVersion=0.1.0 /Ssigntool=... packaging\windows\cultivate.iss
;
; Installs for the current user by default (teachers rarely have administrator rights);
; "Install for all users" is offered when they do. Uninstalling never removes the data
; folder, %LOCALAPPDATA%\Cultivate, which stays the same across versions.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppId "org.cultivate.Cultivate"
#define Root ".."

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6B0E7C1E-3F7B-4E7C-9C55-6C75C0A1D17E}
AppName=Cultivate
AppVersion={#AppVersion}
AppVerName=Cultivate {#AppVersion}
AppPublisher=Cultivate
AppComments=Personalized professional growth for teachers, offline
DefaultDirName={autopf}\Cultivate
DefaultGroupName=Cultivate
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\..\dist
OutputBaseFilename=Cultivate-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\..\build\cultivate.ico
UninstallDisplayIcon={app}\Cultivate.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; Signs the installer and the uninstaller when iscc is given /Ssigntool=... (release.yml).
#ifdef SignToolDefined
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\..\dist\Cultivate\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version replaces the old bundle whole: no stale library from an older release.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Cultivate"; Filename: "{app}\Cultivate.exe"; AppUserModelID: "{#AppId}"; Comment: "Personalized professional growth for teachers, offline"
Name: "{autodesktop}\Cultivate"; Filename: "{app}\Cultivate.exe"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Run]
Filename: "{app}\Cultivate.exe"; Description: "{cm:LaunchProgram,Cultivate}"; Flags: nowait postinstall skipifsilent
