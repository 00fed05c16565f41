@echo off
rem lab: reproduces TCP states. Builds the project on first use, then runs it with a JDK 25+.
setlocal
set "JNC_TOOL=lab"
call "%~dp0jnc-env.cmd" lab-runner || exit /b %ERRORLEVEL%
"%JNC_JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+DisplayVMOutputToStderr -Xlog:all=off -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED -cp "%JNC_CP%" dev.jnc.lab.Lab %*
exit /b %ERRORLEVEL%
