@rem Shared by jnc.cmd and lab.cmd: finds a JDK 25+ and builds the project when it is missing or
@rem older than its sources: every module's, where jnc-env.sh looks at the tool's own and nc-core's.
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
set "JNC_MODULE=%~1"
set "JNC_STALE=1"
if "%JNC_SKIP_BUILD%"=="1" set "JNC_STALE="
@rem Fresh: target\lib and the stamp exist, and no pom.xml or file under */src/main is newer than
@rem the stamp. PowerShell compares the times; without it every start builds, which is slow but right.
if defined JNC_STALE if exist "%JNC_ROOT%\%JNC_MODULE%\target\lib" powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "$r=$env:JNC_ROOT; $s=$r+'\'+$env:JNC_MODULE+'\target\.launcher-build'; if(-not(Test-Path -LiteralPath $s)){exit 1}; $t=(Get-Item -LiteralPath $s).LastWriteTimeUtc; $n=@(Get-ChildItem -Path ($r+'\pom.xml'),($r+'\*\pom.xml') -File) + @(Get-ChildItem -Path ($r+'\*\src\main') -Recurse -File -ErrorAction SilentlyContinue) | Where-Object {$_.LastWriteTimeUtc -gt $t} | Select-Object -First 1; if($n){exit 1}; exit 0" >nul 2>&1 && set "JNC_STALE="
@rem The stamp gets the build's start time, which copy keeps, so that an edit made during the
@rem build still counts as newer. Comments stay outside the block: cmd parses a block as one line.
if defined JNC_STALE (
  echo %JNC_TOOL%: building ^(first use or sources changed^)... 1>&2
  pushd "%JNC_ROOT%"
  type nul > ".mvn\.build-start"
  set "JAVA_HOME=%JNC_HOME%"
  call mvnw.cmd -q -B -DskipTests -Dspotless.check.skip=true package 1>&2 || (popd & exit /b 2)
  for %%m in (nc-cli lab-runner) do if exist "%%m\target" copy /y ".mvn\.build-start" "%%m\target\.launcher-build" >nul
  del ".mvn\.build-start"
  popd
)
set "JNC_CP="
for %%f in ("%JNC_ROOT%\%JNC_MODULE%\target\%JNC_MODULE%-*.jar") do set "JNC_CP=%%~f"
set "JNC_CP=%JNC_CP%;%JNC_ROOT%\%JNC_MODULE%\target\lib\*"
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
