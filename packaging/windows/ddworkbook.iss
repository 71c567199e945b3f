; Inno Setup script: ddworkbook's Windows installer (setup.exe), made from PyInstaller's folder
; (packaging/ddworkbook.spec) by .github/workflows/installers.yml:
;     iscc /DVersion=X.Y.Z /DSource=..\..\dist\ddworkbook /DOutput=..\..\dist packaging\windows\ddworkbook.iss
; It installs for the user alone (no administrator), adds a Start menu entry that starts the windowed
; ddworkbook-gui.exe, and keeps the workbook (in the user's data folder) when uninstalled.
; Not run on the project's own machines (Linux): see packaging/README.md.

#ifndef Version
  #error Give the version: iscc /DVersion=X.Y.Z ...
#endif
#ifndef Source
  #define Source "..\..\dist\ddworkbook"
#endif
#ifndef Output
  #define Output "..\..\dist"
#endif

[Setup]
AppId={{7E1B7C52-3C41-4B0E-9D2A-5F0C2D3A9B61}
AppName=ddworkbook
AppVersion={#Version}
AppPublisher=ddworkbook
DefaultDirName={localappdata}\Programs\ddworkbook
DefaultGroupName=ddworkbook
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir={#Output}
OutputBaseFilename=ddworkbook-{#Version}-setup
SetupIconFile=ddworkbook.ico
UninstallDisplayIcon={app}\ddworkbook-gui.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Files]
Source: "{#Source}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\ddworkbook"; Filename: "{app}\ddworkbook-gui.exe"
Name: "{userdesktop}\ddworkbook"; Filename: "{app}\ddworkbook-gui.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "A shortcut on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\ddworkbook-gui.exe"; Description: "Start ddworkbook"; Flags: nowait postinstall skipifsilent
