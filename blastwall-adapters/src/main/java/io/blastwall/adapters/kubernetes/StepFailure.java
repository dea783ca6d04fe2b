package io.blastwall.adapters.kubernetes;

/** Why a step cannot proceed; becomes the failed outcome's detail. Internal to the executor. */
final class StepFailure extends Exception {
    StepFailure(String message) {
        super(message, null, false, false);
    }
}
