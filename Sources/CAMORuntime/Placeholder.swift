public enum CAMORuntime {}
