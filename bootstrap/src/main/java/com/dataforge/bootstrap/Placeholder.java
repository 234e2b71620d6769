package com.dataforge.bootstrap;
final class Placeholder {}
