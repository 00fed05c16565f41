@rem Shared by jnc.cmd and lab.cmd: finds a JDK 25+ and builds the project when it is missing.
@rem Usage: call jnc-env.cmd MODULE   (sets JNC_JAVA and JNC_CP)
@echo off
set "JNC_ROOT=%~dp0.."
set "JNC_JAVA="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" call :check "%JAVA_HOME%"
if not defined JNC_JAVA for /f "delims=" %%j in ('where java 2^>nul') do if not defined JNC_JAVA call :checkexe "%%~dpj.."
if not defined JNC_JAVA for /d %%d in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\jdk-*") do if not defined JNC_JAVA call :check "%%~d"
if not defined JNC_JAVA (
  echo %JNC_TOOL%: no JDK 25 or newer found ^(looked at JAVA_HOME, java on PATH and Program Files^); install one or set JAVA_HOME 1>&2
  exit /b 2
)
if not exist "%JNC_ROOT%\%1\target\lib" (
  echo %JNC_TOOL%: building ^(first use^)... 1>&2
  pushd "%JNC_ROOT%"
  set "JAVA_HOME=%JNC_HOME%"
  call mvnw.cmd -q -B -DskipTests -Dspotless.check.skip=true package 1>&2 || (popd & exit /b 2)
  popd
)
set "JNC_CP="
for %%f in ("%JNC_ROOT%\%1\target\%1-*.jar") do set "JNC_CP=%%~f"
set "JNC_CP=%JNC_CP%;%JNC_ROOT%\%1\target\lib\*"
exit /b 0

:checkexe
call :check "%~f1"
exit /b 0

:check
set "candidate=%~1"
for /f "tokens=3" %%v in ('"%candidate%\bin\java.exe" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version"') do (
  for /f "delims=." %%m in ("%%v") do if %%m GEQ 25 (
    set "JNC_JAVA=%candidate%\bin\java.exe"
    set "JNC_HOME=%candidate%"
  )
)
exit /b 0
