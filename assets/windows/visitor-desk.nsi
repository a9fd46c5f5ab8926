; The Windows installer, built on any system with NSIS's makensis by assets/windows/make-installer.sh (which
; passes VERSION, VERSION_NUMBER, COMMIT, RELEASE and OUT). Installs for the current user only, without
; administrator rights: the programs into %LOCALAPPDATA%\Programs\Visitor Desk, a Start-menu entry with the icon,
; an entry in Settings > Apps (Add or remove programs) with the version and commit, and an uninstaller.
; Uninstalling removes all of that; the user's settings, journal and kept sign-ins stay (as on Linux).

; A 64-bit installer for 64-bit programs (and Wine runs it without its 32-bit part).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"

!define APP "Visitor Desk"
!define ID "org.visitordesk.VisitorDesk"
!define PUBLISHER "Visitor Desk developers"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${ID}"
; Toasts of an app that is not from the Store are shown under the name and icon registered for its id.
!define AUMID_KEY "Software\Classes\AppUserModelId\${ID}"

Name "${APP}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${ID}" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION_NUMBER}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION} (commit ${COMMIT})"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION_NUMBER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "2026, ${PUBLISHER}"

!define MUI_ICON "visitor-desk.ico"
!define MUI_UNICON "visitor-desk.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\visitor-desk-window.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Russian"

Section
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${RELEASE}\visitor-desk.exe"
  File "${RELEASE}\visitor-desk-window.exe"
  File "visitor-desk.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\visitor-desk-window.exe" "" \
    "$INSTDIR\visitor-desk-window.exe" 0 SW_SHOWNORMAL "" "Time-limited intercom codes for visitors"

  WriteRegStr HKCU "Software\${ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION} (commit ${COMMIT})"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\visitor-desk-window.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegStr HKCU "${AUMID_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${AUMID_KEY}" "IconUri" "$INSTDIR\visitor-desk.ico"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$INSTDIR\visitor-desk.exe"
  Delete "$INSTDIR\visitor-desk-window.exe"
  Delete "$INSTDIR\visitor-desk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${AUMID_KEY}"
  DeleteRegKey HKCU "Software\${ID}"
SectionEnd
