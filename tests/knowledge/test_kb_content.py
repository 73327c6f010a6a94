"""Pins of the curated knowledge base: a sample of claims from every section of both reviews,
the formulations and their decomposition, and the tensions that must stay curated.

A failing test here means the curated data regressed (a claim was lost, re-signed, moved to
another section or re-graded), not that the code is wrong.
"""

from __future__ import annotations

import pytest

import mechgraph

SUN = "sun_review"
NANO = "nano_ici_review"

# Section headings as printed (trailing full stops of the numbered headings dropped).
S_ABS = "Abstract"
S_INTRO = "INTRODUCTION"
S_INT = "Integration of nanomedicines in the cancer-immunity cycle"
S_TGT = "Targeting strategies in nano-immunotherapy"
S_FIG1 = "Fig. 1"
S_FIG2 = "Fig. 2"
S_CLIN = "Applications of nanomedicines in clinical immuno-oncology"
S_CHAL = "CHALLENGES IN THE DEVELOPMENT AND TRANSLATION OF NANO-IMMUNOTHERAPY"
S_CONC = "CONCLUSIONS"
N_ABS = "Abstract"
N1 = "1. Current achievements and Limits of immunotherapies"
N2 = "2. Turning cold tumors into hot tumors: an ongoing challenge"
N3 = "3. Nanoparticles at a glance"
N4 = (
    "4. How nanoparticles could help to preserve patient’s innate immunity while "
    "delivering cytotoxics"
)
N5 = (
    "5. How Nanoparticles could increase neo-antigens burden and modulate actors of immune response"
)
N51 = "5.1. Delivering immunogenic agents"
N52 = "5.2. Modulating TME Immune cells"
N53 = "5.3. Triggering immunogenic response"
N6 = (
    "6. Helping immune cell and therapeutic monoclonal antibodies to better trafficking "
    "into tumor micro-environment"
)
N7 = "7. Conclusion: How nanoparticles could be best combined with immunotherapy"
N_EO = "Expert Opinion"
N_HL = "Article highlights"


@pytest.fixture(scope="module")
def kb():
    return mechgraph.load_kb()


def find_claims(kb, subject, relation, obj, document=None, section=None, level=None, **context):
    """Claims with that subject, relation and object (and, if given, document, section,
    evidence level and context values)."""
    found = []
    for c in kb.claims:
        if (c.subject, c.relation.value, c.object) != (subject, relation, obj):
            continue
        if document is not None and c.evidence.document != document:
            continue
        if section is not None and c.evidence.section != section:
            continue
        if level is not None and c.evidence.level.value != level:
            continue
        if any(value not in c.context.get(key, ()) for key, value in context.items()):
            continue
        found.append(c)
    return found


def assert_claim(kb, subject, relation, obj, document, section, level=None, **context):
    """Assert that a claim (subject, relation, object) is curated in that section."""
    found = find_claims(kb, subject, relation, obj, document, section, level, **context)
    if not found:
        near = [
            (c.id, c.evidence.section, c.evidence.level.value, dict(c.context))
            for c in find_claims(kb, subject, relation, obj)
        ]
        pytest.fail(
            f"no claim {subject} {relation} {obj} in {document} / {section!r}"
            f"{' at level ' + level if level else ''}{' with ' + str(context) if context else ''};"
            f" same triple elsewhere: {near}"
        )
    return found


# ---------------------------------------------------------------------------------------------
# sun_review, section by section: (subject, relation, object, section, evidence level or None,
# context)
SUN_CLAIMS = [
    # Abstract
    (  # IMpassion130: atezolizumab added to nab-paclitaxel (a comparison of arms)
        "atezolizumab",
        "increases",
        "immunotherapy_efficacy",
        S_ABS,
        "clinical_phase3",
        {"species": "human", "tumour": "TNBC"},
    ),
    ("Nanocarrier", "increases", "stage1_antigen_release", S_ABS, "hypothesis", {}),
    ("Nanocarrier", "increases", "stage4_recognition_killing", S_ABS, "hypothesis", {}),
    # Introduction
    ("Nanocarrier", "decreases", "chemotherapy_side_effects", S_INTRO, "review_statement", {}),
    ("epr_effect", "increases", "nanocarrier_tumour_delivery", S_INTRO, "review_statement", {}),
    ("Nanocarrier", "increases", "immunotherapy_efficacy", S_INTRO, "hypothesis", {}),
    # Integration of nanomedicines in the cancer-immunity cycle
    ("stage1_antigen_release", "increases", "stage2_antigen_uptake_processing", S_INT, None, {}),
    ("stage4_recognition_killing", "increases", "stage1_antigen_release", S_INT, None, {}),
    ("Anthracycline", "increases", "immunogenic_cell_death", S_INT, "review_statement", {}),
    ("PhototherapyAgent", "increases", "immunogenic_cell_death", S_INT, "review_statement", {}),
    ("Nanocarrier", "increases", "immunogenic_cell_death", S_INT, "review_statement", {}),
    (
        "oxaliplatin_plga_np",
        "increases",
        "cancer_cell_apoptosis",
        S_INT,
        "preclinical_in_vivo",
        {"species": "mouse", "tumour": "pancreatic"},
    ),
    (
        "oxaliplatin_plga_np",
        "increases",
        "step5_t_cell_infiltration",
        S_INT,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    ("oxaliplatin_plga_np", "increases", "dendritic_cell", S_INT, "preclinical_in_vivo", {}),
    ("oxaliplatin_plga_np", "increases", "ifn_gamma", S_INT, "preclinical_in_vivo", {}),
    ("oxaliplatin_plga_np", "increases", "tumour_control", S_INT, "preclinical_in_vivo", {}),
    ("TLRAgonist", "increases", "antigen_presenting_cell", S_INT, "review_statement", {}),
    ("Adjuvant", "increases", "adjuvant_side_effects", S_INT, "review_statement", {}),
    ("Nanocarrier", "decreases", "adjuvant_side_effects", S_INT, "review_statement", {}),
    (
        "imidazoquinoline_nanogel",
        "increases",
        "lymph_node_delivery",
        S_INT,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    (
        "imidazoquinoline_nanogel",
        "increases",
        "immune_cell_delivery",
        S_INT,
        "preclinical_in_vivo",
        {},
    ),
    ("imidazoquinoline", "increases", "tlr7", S_INT, "preclinical_in_vivo", {}),
    ("imidazoquinoline", "increases", "tlr8", S_INT, "preclinical_in_vivo", {}),
    ("Nanovaccine", "increases", "antitumour_immunity", S_INT, "review_statement", {}),
    (
        "tumour_erythrocyte_membrane_np",
        "increases",
        "antitumour_immunity",
        S_INT,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    ("CheckpointLigand", "decreases", "stage4_recognition_killing", S_INT, None, {}),
    ("inhibitory_cytokines", "decreases", "stage4_recognition_killing", S_INT, None, {}),
    ("il15_il21_liposome", "increases", "t_cell", S_INT, "preclinical_in_vivo", {}),
    ("il15_il21_liposome", "increases", "tumour_control", S_INT, "preclinical_in_vivo", {}),
    ("il2_thy11_liposome", "increases", "t_cell", S_INT, "preclinical_in_vivo", {}),
    (
        "il2_thy11_liposome",
        "increases",
        "step7_killing_of_cancer_cells",
        S_INT,
        "preclinical_in_vivo",
        {},
    ),
    # Targeting strategies in nano-immunotherapy
    ("doxorubicin", "increases", "immunogenic_cell_death", S_TGT, "review_statement", {}),
    ("Nanocarrier", "decreases", "healthy_tissue_exposure", S_TGT, "review_statement", {}),
    ("tumour_associated_macrophage", "decreases", "antitumour_immunity", S_TGT, None, {}),
    ("regulatory_t_cell", "decreases", "antitumour_immunity", S_TGT, None, {}),
    ("mdsc", "decreases", "antitumour_immunity", S_TGT, None, {}),
    ("ido1", "increases", "immunosuppressive_tme", S_TGT, None, {}),
    ("tgf_beta", "increases", "immunosuppressive_tme", S_TGT, None, {}),
    ("immunosuppressive_tme", "decreases", "antitumour_immunity", S_TGT, None, {}),
    ("iron_oxide_np_tam", "increases", "m1_like_tam", S_TGT, None, {}),
    ("caco3_np_tam", "increases", "m1_like_tam", S_TGT, None, {}),
    (
        "caco3_np_tam",
        "increases",
        "immunotherapy_efficacy",
        S_TGT,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    (
        "iron_oxide_np_tam",
        "increases",
        "immunotherapy_efficacy",
        S_TGT,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    (
        "mrna_lipid_nanovaccine",
        "increases",
        "splenic_apc_transfection",
        S_TGT,
        "preclinical_in_vivo",
        {},
    ),
    ("splenic_apc_transfection", "increases", "antigen_specific_t_cell", S_TGT, None, {}),
    (
        "mrna_lipid_nanovaccine",
        "increases",
        "antigen_specific_t_cell",
        S_TGT,
        "clinical",
        {"species": "human"},
    ),
    (
        "mrna_lipid_nanovaccine",
        "increases",
        "antigen_specific_t_cell",
        S_TGT,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    ("car_gene_nanocarrier", "increases", "car_t_cell", S_TGT, None, {}),
    # Figure legends
    ("Nanocarrier", "increases", "stage2_antigen_uptake_processing", S_FIG1, None, {}),
    ("immunogenic_cell_death", "increases", "immunotherapy_efficacy", S_FIG2, None, {}),
    ("Nanocarrier", "decreases", "immunosuppressive_tme", S_FIG2, None, {}),
    # Applications of nanomedicines in clinical immuno-oncology
    (  # IMpassion130: atezolizumab added to nab-paclitaxel (a comparison of arms)
        "atezolizumab",
        "increases",
        "immunotherapy_efficacy",
        S_CLIN,
        "clinical_phase3",
        {"species": "human", "tumour": "TNBC"},
    ),
    # Challenges
    ("protein_corona", "decreases", "in_vivo_predictability", S_CHAL, "hypothesis", {}),
    ("formulation_complexity", "decreases", "manufacturing_scalability", S_CHAL, None, {}),
    ("manufacturing_scalability", "increases", "clinical_translation", S_CHAL, "hypothesis", {}),
    ("competing_trials", "decreases", "patient_recruitment", S_CHAL, None, {}),
    ("patient_stratification", "increases", "tumour_control", S_CHAL, "hypothesis", {}),
    (
        "immunogenic_cell_death",
        "increases",
        "immunotherapy_efficacy",
        S_CHAL,
        "preclinical_in_vivo",
        {},
    ),
    ("Nanocarrier", "no_effect", "immunotherapy_efficacy", S_CHAL, "clinical", {}),
    (
        "doxil",
        "no_effect",
        "immunotherapy_efficacy",
        S_CHAL,
        "clinical_phase3",
        {"species": "human", "tumour": "ovarian"},
    ),
    # Conclusions
    ("Nanocarrier", "increases", "tumour_control", S_CONC, None, {}),
    (
        "Nanocarrier",
        "increases",
        "immunotherapy_efficacy",
        S_CONC,
        "review_statement",
        {"species": "human"},
    ),
]

NANO_CLAIMS = [
    # Abstract
    # more ICD than the free payload, where that payload induces ICD (C0027, conditional)
    ("Nanocarrier", "increases", "immunogenic_cell_death", N_ABS, None, {}),
    ("regulatory_t_cell", "decreases", "immunotherapy_efficacy", N_ABS, None, {}),
    ("CytotoxicDrug", "increases", "immunotherapy_efficacy", N_ABS, "hypothesis", {}),
    ("tumour_stroma", "decreases", "ici_tumour_penetration", N_ABS, "hypothesis", {}),
    # 1. Current achievements and limits
    ("AntiPD1", "decreases", "pd_1", N1, None, {}),
    ("AntiPDL1", "decreases", "pd_l1", N1, None, {}),
    ("ImmuneCheckpointInhibitor", "increases", "antigen_specific_t_cell", N1, None, {}),
    ("CytotoxicDrug", "increases", "digestive_toxicity", N1, None, {}),
    ("t_cell_inflamed_tumour", "increases", "immunotherapy_efficacy", N1, None, {}),
    # 2. Cold vs hot tumours
    ("neoantigen", "increases", "cd8_t_cell", N2, "review_statement", {}),
    ("CytotoxicDrug", "increases", "neoantigen", N2, None, {}),
    ("CytotoxicDrug", "decreases", "regulatory_t_cell", N2, "hypothesis", {}),
    ("CytotoxicDrug", "decreases", "stat6", N2, "hypothesis", {}),
    ("stat6", "decreases", "dendritic_cell", N2, None, {}),
    # 3. Nanoparticles at a glance
    ("size_below_200nm", "increases", "nanocarrier_tumour_delivery", N3, None, {}),
    ("inorganic_core", "increases", "nanoparticle_immunogenicity", N3, None, {}),
    ("inorganic_core", "increases", "adcc", N3, "hypothesis", {}),
    ("Immunoliposome", "increases", "nanocarrier_tumour_delivery", N3, None, {}),
    # 4. Preserving innate immunity
    ("CytotoxicDrug", "increases", "pancytopenia", N4, None, {}),
    # a prognostic association ("several studies have suggested"): hypothesis (issue 15)
    ("lymphopenia", "decreases", "survival", N4, "hypothesis", {"species": "human"}),
    ("lymphopenia", "no_effect", "immunotherapy_efficacy", N4, "clinical", {}),
    ("lymphopenia", "increases", "immune_repertoire_reshaping", N4, "review_statement", {}),
    ("neutrophil_lymphocyte_ratio", "decreases", "survival", N4, "clinical", {}),
    ("abraxane", "decreases", "neutropenia", N4, "clinical", {"species": "human"}),
    ("stealth_liposomal_5fu", "decreases", "leucopenia", N4, "preclinical_in_vivo", {}),
    ("liposomal_irinotecan", "decreases", "haematological_toxicity", N4, "clinical", {}),
    ("paclitaxel_nanoparticles", "decreases", "haematological_toxicity", N4, None, {}),
    ("Antibiotic", "decreases", "survival", N4, "clinical", {}),
    ("gut_microbiome", "increases", "dendritic_cell", N4, None, {}),
    # 5. (introduction)
    ("CytotoxicDrug", "increases", "immunogenic_cell_death", N5, "hypothesis", {}),
    # 5.1 Delivering immunogenic agents
    # "probably involves": the danger signals of immunogenic cell death, not every cytotoxic
    ("immunogenic_cell_death", "increases", "p2rx7", N51, "hypothesis", {}),
    ("immunogenic_cell_death", "increases", "tlr4", N51, "hypothesis", {}),
    ("CytotoxicDrug", "increases", "mhc_class_i", N51, None, {}),
    ("CytotoxicDrug", "increases", "cea", N51, None, {}),
    (
        "stealth_liposomal_5fu",
        "decreases",
        "thymidylate_synthase",
        N51,
        "in_vitro",
        {"tumour": "colorectal"},
    ),
    ("thymineless_stress", "increases", "fas_mediated_apoptosis", N51, "in_vitro", {}),
    ("liposomal_gemcitabine", "increases", "tumour_control", N51, None, {"tumour": "pancreatic"}),
    ("liposomal_vincristine", "increases", "tumour_control", N51, "clinical", {}),
    (
        "liposomal_daunorubicin_cytarabine",
        "increases",
        "tumour_control",
        N51,
        "clinical",
        {"tumour": "MDS"},
    ),
    (  # TAA-NP and CpG-NP were given together: the pair's effect (issue 15)
        "taa_np_cpg_np",
        "increases",
        "cd8_t_cell",
        N51,
        "preclinical_in_vivo",
        {"species": "mouse", "tumour": "melanoma"},
    ),
    ("taa_np_cpg_np", "increases", "survival", N51, "preclinical_in_vivo", {"tumour": "melanoma"}),
    # 5.2 Modulating TME immune cells
    ("Formulation", "increases", "pd_l1", N52, "hypothesis", {}),
    ("Formulation", "decreases", "pd_l1", N52, "hypothesis", {}),
    ("fluorouracil", "decreases", "mdsc", N52, None, {}),
    ("fluorouracil", "decreases", "regulatory_t_cell", N52, None, {}),
    ("cisplatin", "decreases", "regulatory_t_cell", N52, None, {}),
    ("cisplatin", "increases", "cd8_t_cell", N52, None, {}),
    ("cyclophosphamide", "decreases", "regulatory_t_cell", N52, None, {}),
    ("cyclophosphamide", "increases", "cd8_t_cell", N52, None, {}),
    ("Taxane", "increases", "dendritic_cell", N52, None, {"dose": "metronomic"}),
    ("VincaAlkaloid", "increases", "dendritic_cell", N52, None, {"dose": "metronomic"}),
    ("cyclophosphamide", "increases", "dendritic_cell", N52, None, {"dose": "metronomic"}),
    ("il_12", "increases", "dendritic_cell", N52, "hypothesis", {}),
    ("CytotoxicDrug", "increases", "immunogenic_cell_death", N52, None, {"dose": "standard"}),
    ("CytotoxicDrug", "decreases", "haematopoietic_progenitor", N52, None, {"dose": "standard"}),
    ("tumour_burden", "decreases", "immunotherapy_efficacy", N52, None, {}),
    (
        "liposomal_irinotecan",
        "increases",
        "immunotherapy_efficacy",
        N52,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    ("liposomal_irinotecan", "increases", "cd8_t_cell", N52, "preclinical_in_vivo", {}),
    ("TopoisomeraseIInhibitor", "increases", "step7_killing_of_cancer_cells", N52, "in_vitro", {}),
    # 5.3 Triggering immunogenic response
    ("pegylated_surface", "decreases", "mps_recognition", N53, None, {}),
    ("pegylated_surface", "increases", "anti_peg_igm", N53, "preclinical_in_vivo", {}),
    ("Liposome", "increases", "anti_nanoparticle_antibody", N53, None, {}),
    ("dendritic_cell", "increases", "t_helper_cell", N53, None, {}),
    ("t_helper_cell", "increases", "b_cell", N53, None, {}),
    ("b_cell", "increases", "anti_nanoparticle_antibody", N53, None, {}),
    ("sorafenib_silica_np", "increases", "adcc", N53, "in_vitro", {"tumour": "breast"}),
    ("sorafenib_silica_np", "no_effect", "adcc", N53, "in_vitro", {"tumour": "breast"}),
    ("GoldNanoparticle", "no_effect", "adcc", N53, None, {}),
    ("mannose_peg_np", "increases", "tam_delivery", N53, None, {}),
    (
        "aapc_iron_oxide_dextran",
        "increases",
        "t_cell",
        N53,
        "preclinical_in_vivo",
        {"tumour": "melanoma"},
    ),
    (
        "aapc_quantum_dot_avidin",
        "increases",
        "tumour_control",
        N53,
        "preclinical_in_vivo",
        {"species": "mouse"},
    ),
    # 6. Trafficking into the TME
    ("abraxane", "decreases", "tumour_stroma", N6, None, {}),
    ("tumour_stroma", "decreases", "ici_tumour_penetration", N6, None, {}),
    ("Nanocarrier", "increases", "ici_tumour_penetration", N6, "hypothesis", {}),
    ("paclitaxel", "increases", "step5_t_cell_infiltration", N6, "clinical", {"tumour": "breast"}),
    ("abraxane", "increases", "t_cell_inflamed_tumour", N6, "hypothesis", {}),
    # 7. Conclusion
    (
        "gold_np_anti_vegf_sirna",
        "increases",
        "tumour_control",
        N7,
        "preclinical_in_vivo",
        {"tumour": "lung"},
    ),
    (
        "dendrimer_paclitaxel_mabk1",
        "increases",
        "tumour_control",
        N7,
        "preclinical_in_vivo",
        {"tumour": "ovarian"},
    ),
    (
        "pyrolipid_core_shell_np",
        "increases",
        "immunotherapy_efficacy",
        N7,
        "preclinical_in_vivo",
        {},
    ),
    (
        "pyrolipid_core_shell_np",
        "increases",
        "tumour_mutational_burden",
        N7,
        "preclinical_in_vivo",
        {},
    ),
    ("pi3k_inhibitor_liposome", "increases", "cd8_t_cell", N7, "preclinical_in_vivo", {}),
    (
        "pi3k_inhibitor_liposome",
        "increases",
        "tumour_control",
        N7,
        "preclinical_in_vivo",
        {"tumour": "glioblastoma"},
    ),
    ("il15_nanogel", "increases", "car_t_cell", N7, "preclinical_in_vivo", {}),
    ("cobalt_oxide_lysate_np", "increases", "igg", N7, "preclinical_in_vivo", {}),
    ("cobalt_oxide_lysate_np", "increases", "cd4_t_cell", N7, "preclinical_in_vivo", {}),
    (
        "mno2_liposome_doxorubicin",
        "increases",
        "step5_t_cell_infiltration",
        N7,
        "preclinical_in_vivo",
        {"species": "mouse", "tumour": "breast"},
    ),
    (
        "mno2_liposome_doxorubicin",
        "increases",
        "antitumour_immunity",
        N7,
        "preclinical_in_vivo",
        {},
    ),
    ("doxorubicin", "no_effect", "antitumour_immunity", N7, "preclinical_in_vivo", {}),
    ("InorganicNanoparticle", "increases", "nanosafety_risk", N7, "hypothesis", {}),
    ("nanoparticle_immunogenicity", "increases", "mps_recognition", N7, "hypothesis", {}),
    (
        "CytotoxicDrug",
        "increases",
        "tumour_mutational_burden",
        N7,
        "hypothesis",
        {"dose": "standard"},
    ),
    ("CytotoxicDrug", "increases", "dendritic_cell", N7, None, {"dose": "metronomic"}),
    # Expert Opinion
    ("mdsc", "decreases", "immunotherapy_efficacy", N_EO, None, {}),
    ("tumour_mutational_burden", "increases", "immunotherapy_efficacy", N_EO, None, {}),
    # a highly immunogenic particle given with a checkpoint inhibitor (C0089: background ICI)
    ("Nanocarrier", "increases", "immune_related_adverse_events", N_EO, "hypothesis", {}),
    ("nanoparticle_immunogenicity", "increases", "mps_recognition", N_EO, None, {}),
    ("mps_recognition", "decreases", "nanocarrier_tumour_delivery", N_EO, None, {}),
    ("Liposome", "increases", "manufacturing_scalability", N_EO, None, {}),
    ("nanosafety_risk", "decreases", "clinical_translation", N_EO, "hypothesis", {}),
    (
        "CytotoxicDrug",
        "no_effect",
        "immunotherapy_efficacy",
        N_EO,
        "clinical",
        {"dose": "metronomic"},
    ),
    ("Nanocarrier", "decreases", "lymphopenia", N_EO, None, {}),
    # Article highlights
    ("tumour_mutational_burden", "increases", "t_cell_inflamed_tumour", N_HL, None, {}),
    ("CytotoxicDrug", "decreases", "innate_immunity", N_HL, "hypothesis", {}),
]


@pytest.mark.parametrize(
    ("subject", "relation", "obj", "section", "level", "context"),
    SUN_CLAIMS,
    ids=[f"sun:{s}-{r}-{o}@{sec[:20]}" for s, r, o, sec, _, _ in SUN_CLAIMS],
)
def test_sun_review_claims(kb, subject, relation, obj, section, level, context):
    assert_claim(kb, subject, relation, obj, SUN, section, level, **context)


@pytest.mark.parametrize(
    ("subject", "relation", "obj", "section", "level", "context"),
    NANO_CLAIMS,
    ids=[f"nano:{s}-{r}-{o}@{sec[:20]}" for s, r, o, sec, _, _ in NANO_CLAIMS],
)
def test_nano_ici_review_claims(kb, subject, relation, obj, section, level, context):
    assert_claim(kb, subject, relation, obj, NANO, section, level, **context)


# ---------------------------------------------------------------------------------------------
# Every section of both reviews has claims.
@pytest.mark.parametrize(
    ("document", "section"),
    [(SUN, s) for s in (S_ABS, S_INTRO, S_INT, S_TGT, S_FIG1, S_FIG2, S_CLIN, S_CHAL, S_CONC)]
    + [(NANO, s) for s in (N_ABS, N1, N2, N3, N4, N5, N51, N52, N53, N6, N7, N_EO, N_HL)],
)
def test_every_section_is_curated(kb, document, section):
    assert any(c.evidence.document == document and c.evidence.section == section for c in kb.claims)


def test_claim_ids_are_stable_and_continuous(kb):
    ids = [c.id for c in kb.claims]
    assert len(ids) == len(set(ids))
    assert ids[:109] == [f"C{n:04d}" for n in range(1, 110)]
    assert len(kb.claims) >= 250


def test_c0100_is_the_corrected_abraxane_atezolizumab_phase3_claim(kb):
    (c,) = [c for c in kb.claims if c.id == "C0100"]
    assert (c.subject, c.relation.value, c.object) == (
        "atezolizumab",
        "increases",
        "immunotherapy_efficacy",
    )
    # a comparison of the trial's arms: Abraxane + atezolizumab vs Abraxane (+ placebo)
    assert (c.comparator, c.background) == ("", ("abraxane",))
    assert c.evidence.level.value == "clinical_phase3"
    assert c.evidence.section == "Abstract" and c.evidence.document == SUN
    assert c.context == {
        "species": frozenset({"human"}),
        "tumour": frozenset({"TNBC"}),
        "pdl1": frozenset({"positive"}),  # the benefit was in PD-L1-positive tumours
        "sequence": frozenset({"concurrent"}),
    }
    assert "atezolizumab" in c.evidence.quote and "phase III" in c.evidence.quote


def test_javelin_ovarian_200_pdl1_difference_is_only_a_hypothesis(kb):
    (c,) = find_claims(kb, "doxil", "no_effect", "immunotherapy_efficacy", SUN, S_CHAL)
    assert "PD-L1" in (c.note or "")
    # The text reports a PD-L1-dependent difference without naming the better group: a claim
    # that reads a direction into it stays hypothesis-level, cites [20] and says so.
    readings = [x for x in kb.claims if "pdl1" in x.context and x.subject == "doxil"]
    assert readings
    for x in readings:
        assert x.evidence.level.value == "hypothesis" and x.evidence.refs == ("20",)
        assert "curator's reading" in x.note


# ---------------------------------------------------------------------------------------------
# Speculative sentences are graded as hypotheses.
# Claims whose quote holds a speculative word that qualifies another clause of the sentence
# (reviewed one by one): e.g. 'it has been demonstrated ... paclitaxel could ease', 'much
# probably because of' (the mechanism, not the result), 'less likely to trigger' (a comparison).
SPECULATIVE_WORD_REVIEWED = {
    "C0444",  # drug labels' warnings ("... may result from the use of fluorouracil")
    "C0448",  # "Monitor for neutropenia, which may be severe" (Abraxane label)
    "C0049",
    "C0063",
    "C0075",
    "C0105",
    "C0106",
    "C0107",
    "C0108",
    "C0198",
    "C0250",
    "C0286",
    "C0287",
    "C0298",
    "C0302",
    "C0329",
    "C0330",
    "C0331",
    "C0332",
    "C0383",
    "C0384",
    "C0385",
    "C0386",
    "C0387",
}


@pytest.mark.parametrize(
    "phrase", ["one can speculate", "one can assume", "no experimental data", "might"]
)
def test_speculation_phrases_are_always_hypotheses(kb, phrase):
    for c in kb.claims:
        if phrase in c.evidence.quote.lower():
            assert c.evidence.level.value == "hypothesis", (c.id, c.evidence.quote)


@pytest.mark.parametrize("word", ["could", "should", "may ", "likely", "probably", "possible"])
def test_speculative_words_are_hypotheses_unless_reviewed(kb, word):
    for c in kb.claims:
        if word in c.evidence.quote.lower() and c.evidence.level.value != "hypothesis":
            assert c.id in SPECULATIVE_WORD_REVIEWED, (c.id, word, c.evidence.quote)


# ---------------------------------------------------------------------------------------------
# Formulations and their decomposition.
FORMULATIONS = {
    # formulation: (carrier, payloads, properties that must be present)
    "abraxane": ("AlbuminNanoparticle", {"paclitaxel"}, {"sparc_targeting"}),
    "doxil": ("PEGylatedLiposome", {"doxorubicin"}, {"pegylated_surface"}),
    "liposomal_doxorubicin": ("Liposome", {"doxorubicin"}, set()),
    "liposomal_irinotecan": ("Liposome", {"irinotecan"}, set()),
    "liposomal_daunorubicin_cytarabine": ("Liposome", {"daunorubicin", "cytarabine"}, set()),
    "liposomal_vincristine": ("Liposome", {"vincristine"}, set()),
    "stealth_liposomal_5fu": ("PEGylatedLiposome", {"fluorouracil"}, {"pegylated_surface"}),
    "liposomal_5fu": ("Liposome", {"fluorouracil"}, set()),
    "liposomal_gemcitabine": ("Liposome", {"gemcitabine"}, set()),
    "oxaliplatin_plga_np": ("PLGANanoparticle", {"oxaliplatin"}, set()),
    "paclitaxel_nanoparticles": ("Nanocarrier", {"paclitaxel"}, set()),
    "il15_il21_liposome": ("Liposome", {"il_15", "il_21"}, {"maleimide_groups"}),
    "il2_thy11_liposome": ("Liposome", {"il_2"}, {"thy11_targeting"}),
    "imidazoquinoline_nanogel": ("Nanogel", {"imidazoquinoline"}, {"ph_sensitive"}),
    "mrna_lipid_nanovaccine": ("LipidNanoparticle", {"mrna_patient_antigens"}, set()),
    "tumour_erythrocyte_membrane_np": (
        "CellMembraneNanoparticle",
        {"tumour_membrane_antigens"},
        set(),
    ),
    "mno2_liposome_doxorubicin": ("mno2_liposome", {"doxorubicin"}, set()),
    "gold_np_anti_vegf_sirna": ("GoldNanoparticle", {"anti_vegf_sirna"}, {"inorganic_core"}),
    "taa_np": ("Nanocarrier", {"tumour_associated_antigen"}, {"lymph_node_targeting"}),
    "cpg_np": ("Nanocarrier", {"cpg_oligonucleotide"}, {"lymph_node_targeting"}),
    "sorafenib_silica_np": ("SilicaNanoparticle", {"sorafenib"}, {"anti_cd326_coating"}),
    "dendrimer_paclitaxel_mabk1": ("Dendrimer", {"paclitaxel"}, {"mabk1_antibody"}),
    "pyrolipid_core_shell_np": ("CoreShellNanoparticle", {"pyrolipid"}, set()),
    "pi3k_inhibitor_liposome": (
        "Liposome",
        {"pi3k_inhibitor", "t_cell_agonist"},
        {"tumour_targeting_peptide"},
    ),
    "il15_nanogel": ("Nanogel", {"il_15"}, set()),
    "cobalt_oxide_lysate_np": (
        "CobaltOxideNanoparticle",
        {"tumour_lysate_antigen"},
        {"pmida_coating", "inorganic_core"},
    ),
    "car_gene_nanocarrier": ("Nanocarrier", {"car_gene_194_1bbz"}, set()),
}


@pytest.mark.parametrize("form_id", sorted(FORMULATIONS))
def test_formulation_decomposition(kb, form_id):
    carrier, payloads, properties = FORMULATIONS[form_id]
    form = kb.formulations[form_id]
    assert form.carrier == carrier
    assert set(form.payloads) == payloads
    assert properties <= set(form.properties)
    assert kb.is_a(form_id, "Formulation")
    assert kb.is_a(form.carrier, "Nanocarrier")


@pytest.mark.parametrize(
    ("entity", "carrier_class"),
    [
        ("iron_oxide_np_tam", "IronOxideNanoparticle"),
        ("caco3_np_tam", "CalciumCarbonateNanoparticle"),
        ("mno2_liposome", "ManganeseDioxideNanoparticle"),
        ("aapc_iron_oxide_dextran", "IronOxideNanoparticle"),
        ("aapc_quantum_dot_avidin", "QuantumDot"),
        ("mannose_peg_np", "Nanocarrier"),
    ],
)
def test_carriers_without_drug_are_typed_by_carrier_class(kb, entity, carrier_class):
    assert kb.entities[entity].type == carrier_class
    assert entity not in kb.formulations


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Abraxane", "abraxane"),
        ("nab-paclitaxel", "abraxane"),
        ("Doxil", "doxil"),
        ("Caelyx", "doxil"),
        ("Onivyde", "liposomal_irinotecan"),
        ("CPX-351", "liposomal_daunorubicin_cytarabine"),
        ("Vyxeos", "liposomal_daunorubicin_cytarabine"),
        ("5-FU", "fluorouracil"),
        ("liposomal 5-FU", "liposomal_5fu"),
        ("Tecentriq", "atezolizumab"),
        ("Bavencio", "avelumab"),
        ("TAA-NP", "taa_np"),
        ("CpG-NP", "cpg_np"),
        ("Tregs", "regulatory_t_cell"),
        ("MDSCs", "mdsc"),
        ("TAMs", "tumour_associated_macrophage"),
        ("IDO", "ido1"),
        ("TGF-beta", "tgf_beta"),
        ("ADCC", "adcc"),
        ("hot tumour", "t_cell_inflamed_tumour"),
    ],
)
def test_names_users_type_resolve(kb, name, entity_id):
    assert mechgraph.resolve(name, kb=kb).id == entity_id


# ---------------------------------------------------------------------------------------------
# Tensions are kept: both sides are curated with their own evidence.
TENSIONS = [
    # lymphopenia harmful vs opportunity to reshape the repertoire
    [
        ("lymphopenia", "decreases", "survival"),
        ("lymphopenia", "increases", "immune_repertoire_reshaping"),
    ],
    # PD-L1 up- vs down-regulated by nanoparticles carrying cytotoxics/cytokines
    [("Formulation", "increases", "pd_l1"), ("Formulation", "decreases", "pd_l1")],
    # ADCC present (MCF7) vs absent (MDA-MB231, gold nanoparticles)
    [
        ("sorafenib_silica_np", "increases", "adcc"),
        ("sorafenib_silica_np", "no_effect", "adcc"),
        ("GoldNanoparticle", "no_effect", "adcc"),
    ],
    # preclinical promise vs failed phase III
    [
        ("immunogenic_cell_death", "increases", "immunotherapy_efficacy"),
        ("doxil", "no_effect", "immunotherapy_efficacy"),
    ],
    # immunogenicity helps immunity vs speeds MPS clearance and IRAEs
    [
        ("nanoparticle_immunogenicity", "increases", "antitumour_immunity"),
        ("nanoparticle_immunogenicity", "increases", "mps_recognition"),
        ("Nanocarrier", "increases", "immune_related_adverse_events"),
    ],
    # stealth PEG vs anti-PEG IgM
    [
        ("pegylated_surface", "decreases", "mps_recognition"),
        ("pegylated_surface", "increases", "anti_peg_igm"),
    ],
    # high-dose ICD/debulking vs bone-marrow damage and the metronomic alternative
    [
        ("CytotoxicDrug", "increases", "immunogenic_cell_death"),
        ("CytotoxicDrug", "decreases", "haematopoietic_progenitor"),
        ("CytotoxicDrug", "increases", "dendritic_cell"),
    ],
]


@pytest.mark.parametrize("sides", TENSIONS)
def test_tensions_are_kept(kb, sides):
    for subject, relation, obj in sides:
        assert find_claims(kb, subject, relation, obj), (subject, relation, obj)


def test_dose_contexts_separate_high_dose_and_metronomic_effects(kb):
    high = {(c.subject, c.object) for c in kb.claims if c.context.get("dose") == {"standard"}}
    metro = {(c.subject, c.object) for c in kb.claims if c.context.get("dose") == {"metronomic"}}
    assert ("cyclophosphamide", "immunogenic_cell_death") in high
    assert ("CytotoxicDrug", "tumour_burden") in high
    assert ("CytotoxicDrug", "regulatory_t_cell") in metro
    assert ("CytotoxicDrug", "dendritic_cell") in metro


# ---------------------------------------------------------------------------------------------
# Queries of the brief reach cycle readouts and outcomes with evidence.
@pytest.mark.parametrize(
    ("agents", "readout", "sign"),
    [
        (["Abraxane", "atezolizumab"], "immunotherapy_efficacy", "+"),
        (["Abraxane", "atezolizumab"], "step5_t_cell_infiltration", "+"),
        (["Doxil", "avelumab"], "stage1_antigen_release", "+"),
        (["liposomal irinotecan", "anti-PD-L1"], "step7_killing_of_cancer_cells", "+"),
        (["oxaliplatin_plga_np"], "step5_t_cell_infiltration", "+"),
        (["caco3_np_tam", "anti-PD-1"], "immunotherapy_efficacy", "+"),
        (["cobalt_oxide_lysate_np", "anti-PD-1"], "immune_related_adverse_events", "+"),
    ],
)
def test_queries_reach_readouts(kb, agents, readout, sign):
    data = mechgraph.effect(agents, kb=kb).to_dict()
    (entry,) = [e for e in data["effects"] if e["id"] == readout]
    paths = entry["paths"][sign]
    assert paths, (agents, readout, sign, entry["sign"])
    claim_steps = [s for p in paths for s in p["steps"] if s["kind"] == "claim"]
    assert claim_steps and all(s["evidence"] for s in claim_steps)


def test_pegylated_carrier_adds_stealth_paths(kb):
    doxil = mechgraph.effect(["Doxil"], kb=kb).to_dict()
    plain = mechgraph.effect(["liposomal_doxorubicin"], kb=kb).to_dict()

    def nodes(answer):
        return {
            n
            for e in answer["effects"]
            for side in e["paths"].values()
            for p in side
            for n in p["nodes"]
        }

    assert "pegylated_surface" not in nodes(plain)
    graph = mechgraph.compile_kb(kb).to_networkx()
    assert graph.has_edge("doxil", "pegylated_surface")
    assert graph.has_edge("pegylated_surface", "mps_recognition")
    assert graph.has_edge("pegylated_surface", "anti_peg_igm")
    assert doxil["interventions"][0]["id"] == "doxil"
