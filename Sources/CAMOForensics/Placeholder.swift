public enum CAMOForensics {}
