package io.hyperperp.cli;

/** A command with {@link CommonOptions}, so the error handler can tell whether to be verbose. */
public interface HasCommonOptions {

    /** The command's common options. */
    CommonOptions common();
}
