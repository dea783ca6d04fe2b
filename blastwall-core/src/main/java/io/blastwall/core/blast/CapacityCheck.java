package io.blastwall.core.blast;

/**
 * The capacity arithmetic behind a scale action, over the target's redundancy group within its region
 * (the members that can take each other's load).
 *
 * @param node             the node scaled
 * @param from             replicas before
 * @param to               replicas after
 * @param capacityBefore   the regional group's capacity before the change
 * @param capacityAfter    the regional group's capacity after it
 * @param peakLoad         the regional group's peak load
 * @param worstZoneLoss    capacity left after the change when the zone whose loss hurts most is lost
 * @param worstZone        that zone, empty when the group has no zones
 * @param belowPeak        capacity after the change is below peak load
 * @param belowNPlusOne    after losing the worst zone, capacity is below peak load
 * @param nPlusOneBefore   whether N+1 held before the change
 * @param safeMinimum      the smallest replica count that keeps N+1 at peak (so {@code from - safeMinimum} is the
 *                         largest safe scale-down); -1 when no count up to {@code from} does
 */
public record CapacityCheck(String node, long from, long to, double capacityBefore, double capacityAfter,
                            double peakLoad, double worstZoneLoss, String worstZone, boolean belowPeak,
                            boolean belowNPlusOne, boolean nPlusOneBefore, long safeMinimum) {
}
