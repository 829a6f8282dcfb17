@echo off
rem can-i-run-docker launcher for cmd.exe and PowerShell (.\can-i-run-docker.cmd, or can-i-run-docker
rem with bin\ on PATH). Finds Java through JAVA_HOME or PATH, checks that it is 17 or newer, and passes
rem the arguments and the exit code through. The POSIX twin is bin/can-i-run-docker.
rem No parenthesized block holds an expanded path: "C:\Program Files (x86)" would close it early.
setlocal EnableExtensions DisableDelayedExpansion

rem the jar sits in ..\lib (the distribution) or next to this script (cli\target)
set "CIRD_JAR=%~dp0..\lib\can-i-run-docker.jar"
if not exist "%CIRD_JAR%" set "CIRD_JAR=%~dp0can-i-run-docker.jar"
if not exist "%CIRD_JAR%" goto :no_jar

set "CIRD_JAVA="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "CIRD_JAVA=%JAVA_HOME%\bin\java.exe"
if not defined CIRD_JAVA for %%J in (java.exe) do set "CIRD_JAVA=%%~$PATH:J"
if not defined CIRD_JAVA goto :no_java

rem Java 17 or newer: JAVA_VERSION in the runtime's release file, without starting a JVM; else the
rem third word of the first line of java -version (openjdk version "17.0.9" 2023-10-17)
set "CIRD_JV="
for %%H in ("%CIRD_JAVA%\..\..") do set "CIRD_JHOME=%%~fH"
if exist "%CIRD_JHOME%\release" for /f "usebackq tokens=1,* delims==" %%A in ("%CIRD_JHOME%\release") do if "%%A"=="JAVA_VERSION" set "CIRD_JV=%%~B"
if not defined CIRD_JV for /f "tokens=3" %%V in ('call "%CIRD_JAVA%" -version 2^>^&1') do if not defined CIRD_JV set "CIRD_JV=%%~V"
if not defined CIRD_JV goto :java_broken
rem the major version: 1.8.0_392 is 8, 17.0.9 is 17, 21 is 21
set "CIRD_JMAJOR="
for /f "tokens=1,2 delims=._-+" %%A in ("%CIRD_JV%") do if "%%A"=="1" (set "CIRD_JMAJOR=%%B") else (set "CIRD_JMAJOR=%%A")
echo(%CIRD_JMAJOR%| findstr /r /x "[0-9][0-9]*" >nul || set "CIRD_JMAJOR="
if defined CIRD_JMAJOR if %CIRD_JMAJOR% LSS 17 goto :java_old

rem A short-lived process: C1 only, serial GC, class-data sharing where the JDK has it. JVM warnings
rem go to stderr: --json stays clean.
"%CIRD_JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:-UsePerfData -Dsun.reflect.inflationThreshold=2147483647 -Xshare:auto -Xlog:disable -Xlog:all=warning,cds*=off:stderr %CIRD_JAVA_OPTS% -jar "%CIRD_JAR%" %*
exit /b %ERRORLEVEL%

:no_jar
>&2 echo can-i-run-docker: cannot find can-i-run-docker.jar next to %~dp0
exit /b 1

:no_java
>&2 echo can-i-run-docker: no Java found: install Java 17 or newer, or set JAVA_HOME
exit /b 1

:java_broken
>&2 echo can-i-run-docker: %CIRD_JAVA% does not run: install Java 17 or newer, or set JAVA_HOME
exit /b 1

:java_old
>&2 echo can-i-run-docker: Java %CIRD_JV% at %CIRD_JAVA% is too old: install Java 17 or newer, or set JAVA_HOME
exit /b 1
