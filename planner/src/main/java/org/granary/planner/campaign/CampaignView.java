package org.granary.planner.campaign;

/** A campaign with its progress, as the API shows it. */
public record CampaignView(Campaign campaign, Progress progress) {
}
