module dataforge.example.embedded {
    requires dataforge.bootstrap;
}
