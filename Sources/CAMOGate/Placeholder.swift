public enum CAMOGate {}
