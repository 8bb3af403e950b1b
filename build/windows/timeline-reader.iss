; Inno Setup 6 script: installs the PyInstaller bundle of Timeline Reader with Start-menu and
; desktop shortcuts, the .timeline file association and an uninstaller.
;
;   python build\dist.py        builds dist\Timeline Reader, self-tests it, then runs ISCC on this
;   ISCC /DAppVersion=0.1.0 /DDistDir=C:\path\to\dist build\windows\timeline-reader.iss
;
; Per user by default (no administrator rights needed); the first page offers "all users".
#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z (build\dist.py does)
#endif
#ifndef DistDir
  #define DistDir "..\..\dist"
#endif
#define AppName "Timeline Reader"
#define AppExe "timeline-reader.exe"
#define ProgId "TimelineReader.Database"
#define DocExt ".timeline"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6D3B9F2E-4A71-4C58-9E0B-7F2A1C5D8E43}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Timeline Reader contributors
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#DistDir}
OutputBaseFilename=timeline-reader-{#AppVersion}-windows-setup
SetupIconFile=..\icons\timeline-reader.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "associate"; Description: "Open {#DocExt} databases with {#AppName}"; GroupDescription: "File types:"

[Files]
Source: "{#DistDir}\{#AppName}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKCU for a per-user install and HKLM for all users. "timeline-reader FILE" opens FILE.
Root: HKA; Subkey: "Software\Classes\{#DocExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} database"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#DocExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the folder itself if empty: the user's databases and logs live elsewhere (per-user data).
Type: dirifempty; Name: "{app}"
