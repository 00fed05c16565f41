@echo off
rem jnc: netcat for the JVM. Builds the project on first use, then runs it with a JDK 25+.
setlocal
set "JNC_TOOL=jnc"
call "%~dp0jnc-env.cmd" nc-cli || exit /b %ERRORLEVEL%
"%JNC_JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+DisplayVMOutputToStderr -Xlog:all=off -Xlog:all=warning:stderr -cp "%JNC_CP%" dev.jnc.cli.Jnc %*
exit /b %ERRORLEVEL%
