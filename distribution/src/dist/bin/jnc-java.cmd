@rem Shared by jnc.cmd and lab.cmd of the distribution: finds a JDK 25+ and sets JNC_JAVA.
@echo off
set "JNC_JAVA="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" call :check "%JAVA_HOME%"
if not defined JNC_JAVA for /f "delims=" %%j in ('where java 2^>nul') do if not defined JNC_JAVA call :checkexe "%%~dpj.."
if not defined JNC_JAVA for /d %%d in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\jdk-*") do if not defined JNC_JAVA call :check "%%~d"
if not defined JNC_JAVA (
  echo %JNC_TOOL%: no JDK 25 or newer found ^(looked at JAVA_HOME, java on PATH and Program Files^); install one or set JAVA_HOME 1>&2
  exit /b 2
)
exit /b 0

:checkexe
call :check "%~f1"
exit /b 0

:check
set "candidate=%~1"
for /f "tokens=3" %%v in ('"%candidate%\bin\java.exe" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version"') do (
  for /f "delims=." %%m in ("%%v") do if %%m GEQ 25 set "JNC_JAVA=%candidate%\bin\java.exe"
)
exit /b 0
