@echo off
rem jnc: netcat for the JVM, run from an unpacked distribution with a JDK 25+.
setlocal
set "JNC_TOOL=jnc"
call "%~dp0jnc-java.cmd" || exit /b %ERRORLEVEL%
"%JNC_JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+DisplayVMOutputToStderr -Xlog:all=off -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED -cp "%~dp0..\lib\*" dev.jnc.cli.Jnc %*
exit /b %ERRORLEVEL%
