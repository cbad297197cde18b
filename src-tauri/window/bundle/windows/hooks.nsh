; The NSIS installer's hooks (tauri.conf.json, bundle.windows.nsis.installerHooks): the
; installer carries the command line, medimail.exe, beside the window's medimail-window.exe,
; as the .deb and the .app do. Tauri's template defines MAINBINARYSRCPATH, the window's
; binary as built; the command line is built into the same folder (`make package` and the
; release workflow build both), so its path is derived at compile time rather than written
; here: it holds with and without `--target`.
!searchreplace MEDIMAIL_CLI_SRC "${MAINBINARYSRCPATH}" "medimail-window.exe" "medimail.exe"

!macro NSIS_HOOK_POSTINSTALL
  SetOutPath "$INSTDIR"
  File "${MEDIMAIL_CLI_SRC}"
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  Delete "$INSTDIR\medimail.exe"
!macroend
